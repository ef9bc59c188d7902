import { z } from "zod";

// Graph codes that mean "later" rather than "never": unknown/service errors (1, 2), app and account
// rate limits (4, 17, 341, 613, 80007, 130429), WhatsApp's own throttles (131048 spam rate limit,
// 131056 pair rate limit) and service-unavailable answers (131016, 133004). Everything else — 100
// invalid parameter, 190 expired token, 131026 undeliverable, 131047 outside the 24-hour window —
// fails the same way however often it is retried.
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 341, 613, 80007, 130429, 131016, 131048, 131056, 133004]);

const errorBody = z.object({
  error: z.object({
    message: z.string().max(2048).optional(),
    type: z.string().max(256).optional(),
    code: z.number().int().optional(),
    error_subcode: z.number().int().optional(),
    error_user_title: z.string().max(512).optional(),
    error_data: z.object({ details: z.string().max(2048).optional() }).optional(),
    fbtrace_id: z.string().max(256).optional(),
  }),
});

export interface GraphApiErrorFields {
  /** HTTP status, or null when no answer came (network error, timeout). */
  status: number | null;
  code: number | null;
  subcode: number | null;
  title: string | null;
  details: string | null;
  fbtraceId: string | null;
}

/** Any failed Graph call. `transient` says whether retrying the same request later can succeed. */
export class GraphApiError extends Error implements GraphApiErrorFields {
  readonly status: number | null;
  readonly code: number | null;
  readonly subcode: number | null;
  readonly title: string | null;
  readonly details: string | null;
  readonly fbtraceId: string | null;
  readonly transient: boolean;

  constructor(message: string, fields: GraphApiErrorFields, options?: { transient?: boolean; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "GraphApiError";
    this.status = fields.status;
    this.code = fields.code;
    this.subcode = fields.subcode;
    this.title = fields.title;
    this.details = fields.details;
    this.fbtraceId = fields.fbtraceId;
    this.transient = options?.transient ?? isTransient(fields.status, fields.code);
  }
}

function isTransient(status: number | null, code: number | null): boolean {
  if (status === null || status >= 500 || status === 429) return true;
  return code !== null && TRANSIENT_CODES.has(code);
}

/** The error for a non-2xx answer, from Graph's `{error: {...}}` body when there is one. */
export function graphErrorFromResponse(what: string, status: number, body: unknown, redact: (text: string) => string): GraphApiError {
  const parsed = errorBody.safeParse(body);
  const error = parsed.success ? parsed.data.error : undefined;
  const fields: GraphApiErrorFields = {
    status,
    code: error?.code ?? null,
    subcode: error?.error_subcode ?? null,
    title: error?.error_user_title ?? error?.type ?? null,
    details: error?.error_data?.details !== undefined ? redact(error.error_data.details) : null,
    fbtraceId: error?.fbtrace_id ?? null,
  };
  const code = fields.code === null ? "" : ` (code ${fields.code}${fields.subcode === null ? "" : `/${fields.subcode}`})`;
  const message = error?.message ? `: ${redact(error.message)}` : "";
  return new GraphApiError(`${what} failed with HTTP ${status}${code}${message}`, fields);
}

const NO_ANSWER: GraphApiErrorFields = { status: null, code: null, subcode: null, title: null, details: null, fbtraceId: null };

/** The error for a call that got no usable answer: always worth retrying. */
export function graphNetworkError(what: string, cause: unknown): GraphApiError {
  const reason = cause instanceof Error && cause.name === "TimeoutError" ? "timed out" : "could not reach the Graph API";
  return new GraphApiError(`${what} ${reason}`, NO_ANSWER, { transient: true, cause });
}

/** A refusal on our side (an answer the app cannot use, a file too large): retrying would fail the same way. */
export function graphRefusal(message: string, status: number | null = null): GraphApiError {
  return new GraphApiError(message, { ...NO_ANSWER, status }, { transient: false });
}
