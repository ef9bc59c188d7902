import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from "openai";
import { getEnv, type Env } from "~/utils/env.server";
import { loggerFor } from "~/utils/logger.server";

const cache: { env: Env | null; client: OpenAI | null } = { env: null, client: null };

export function isOpenAiConfigured(env: Env = getEnv()): boolean {
  return Boolean(env.OPENAI_API_KEY);
}

/**
 * The one `openai` client, built again only when the environment is parsed
 * again (tests point OPENAI_BASE_URL at a loopback fake and call resetEnv()).
 *
 * Retries are the client's own (node_modules/openai/client.js, makeRequest /
 * shouldRetry / retryRequest): 408, 409, 429, 5xx and connection failures and
 * timeouts are asked again up to `maxRetries` times, waiting `retry-after-ms`
 * or `retry-after` when the answer names one, else exponential backoff from
 * 0.5 s (capped at 8 s) with jitter. A second loop here would multiply them.
 * `timeout` is per attempt, so the worst case is about
 * (maxRetries + 1) × timeout plus the waits.
 */
export function openAiClient(): OpenAI {
  const env = getEnv();
  if (cache.client && cache.env === env) return cache.client;
  if (!env.OPENAI_API_KEY) throw new Error("OPENAI_API_KEY is not set: check isOpenAiConfigured() before asking for the client");
  const log = loggerFor("integrations").child({ provider: "openai" });
  cache.client = new OpenAI({
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    timeout: env.OPENAI_TIMEOUT_MS,
    maxRetries: env.OPENAI_MAX_RETRIES,
    // Only the client's one-line messages (retries, failures); its debug level would add request details.
    logLevel: "info",
    logger: {
      error: (message: string) => log.error(message),
      warn: (message: string) => log.warn(message),
      info: (message: string) => log.info(message),
      debug: (message: string) => log.debug(message),
    },
  });
  cache.env = env;
  return cache.client;
}

/**
 * The client's `timeout` covers each attempt only until the headers arrive,
 * and it waits whatever `retry-after` says; a job must not hold a worker slot
 * for longer than every attempt timing out plus default backoff between them
 * (at most 8 s each). A second more, so that the client's own per-attempt
 * timeout, the plainer reason, fires first whenever it can.
 */
export function requestDeadlineMs(env: Env = getEnv(), attemptTimeoutMs: number = env.OPENAI_TIMEOUT_MS): number {
  return attemptTimeoutMs * (env.OPENAI_MAX_RETRIES + 1) + env.OPENAI_MAX_RETRIES * 8_000 + 1_000;
}

export class OpenAiDeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`OpenAI did not answer within ${seconds(ms)}`);
    this.name = "OpenAiDeadlineError";
  }
}

/**
 * Runs one client call under an overall deadline: when it passes, the call's
 * signal aborts it and this rejects with OpenAiDeadlineError, even while the
 * client is still sleeping before a retry (its sleep ignores the signal).
 */
export async function withDeadline<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new OpenAiDeadlineError(ms));
      controller.abort();
    }, ms);
  });
  const call = run(controller.signal);
  // Past the deadline the call's own rejection (the abort) has nobody left to tell.
  call.catch(() => undefined);
  try {
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Failures that are the provider's (or the way to it), as opposed to a bug of ours, which should throw. */
export function isProviderFailure(error: unknown): boolean {
  // SyntaxError: a 2xx answer labelled JSON whose body is not (the client parses it before we see it).
  return error instanceof OpenAIError || error instanceof OpenAiDeadlineError || error instanceof SyntaxError;
}

const STATUS_NAMES: Record<number, string> = {
  400: "bad request",
  401: "unauthorized",
  403: "forbidden",
  404: "not found",
  408: "request timeout",
  409: "conflict",
  413: "payload too large",
  422: "unprocessable",
  429: "rate limited",
};

/** OpenAI's machine codes ("invalid_api_key", "insufficient_quota") name the cause without quoting anything sent. */
const SAFE_CODE = /^[a-z0-9_]{1,64}$/;
const SAFE_NODE_CODE = /^E[A-Z_]{2,40}$/;

function nodeCodeOf(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && SAFE_NODE_CODE.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * A short reason for a failed OpenAI request, fit to store and show. Built
 * only from the status, OpenAI's error code and the error's class: the
 * messages are never quoted, since a 401's names the key it was given (OpenAI
 * masks the middle; a proxy may not) and a connection error's may hold the URL.
 */
export function describeOpenAiError(error: unknown, timeoutMs: number = getEnv().OPENAI_TIMEOUT_MS): string {
  if (error instanceof APIConnectionTimeoutError) return `timeout after ${seconds(timeoutMs)}`;
  if (error instanceof OpenAiDeadlineError) return `timeout after ${seconds(error.ms)} (all attempts)`;
  if (error instanceof SyntaxError) return "invalid response: not JSON";
  if (error instanceof APIUserAbortError) return "aborted";
  if (error instanceof APIConnectionError) {
    const code = nodeCodeOf(error.cause);
    return code ? `network error (${code})` : "network error";
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const name = STATUS_NAMES[error.status];
    const code = typeof error.code === "string" && SAFE_CODE.test(error.code) ? error.code : null;
    return [`HTTP ${error.status}`, name, code && `(${code})`].filter(Boolean).join(" ");
  }
  if (error instanceof OpenAIError) return "client error";
  return "unexpected error";
}
