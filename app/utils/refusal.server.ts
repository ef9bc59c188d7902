import { data } from "@remix-run/node";
import { message, type LocalizedMessage } from "~/i18n/catalogue";
import type { Translator } from "~/i18n/translator";
import type { FieldErrors } from "./forms.server";

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503;

/**
 * A domain function saying no (ADR 010): the rule in the reader's words
 * (`reason`, worded by the route), the HTTP status the answer carries, the form
 * field at fault if one is, how long to wait if waiting helps, and a `code` for
 * answers read by code rather than people (the board's JSON). Thrown, so a
 * refusal inside `withOrganization` rolls back whatever the function had written.
 */
export class DomainRefusal extends Error {
  readonly status: RefusalStatus;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  readonly code?: string;

  constructor(
    readonly reason: LocalizedMessage,
    options: { status?: RefusalStatus; field?: string; retryAfterSeconds?: number; code?: string } = {},
  ) {
    super(reason.key);
    this.status = options.status ?? 409;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.code = options.code;
  }
}

/** Whole minutes to tell a person (never "0 minutes"). */
export function minutesToWait(retryAfterSeconds: number) {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

export function retryAfterHeader(retryAfterSeconds: number) {
  return { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) };
}

/** A limit refused the request; the wait is worded in whole minutes. */
export function rateLimited(retryAfterSeconds: number, key: "errors.rateLimited" | "auth.login.rateLimited" = "errors.rateLimited") {
  return new DomainRefusal(message(key, { count: minutesToWait(retryAfterSeconds) }), { status: 429, retryAfterSeconds });
}

/** A refusal as a form page shows it: on its field, or above the form; null for any other error (rethrow it). */
export function describeRefusal(error: unknown, i18n: Translator) {
  if (!(error instanceof DomainRefusal)) return null;
  const sentence = i18n.say(error.reason);
  return {
    status: error.status,
    headers: error.retryAfterSeconds === undefined ? undefined : retryAfterHeader(error.retryAfterSeconds),
    fieldErrors: (error.field ? { [error.field]: [sentence] } : {}) as FieldErrors,
    formError: error.field ? null : sentence,
  };
}

/** The form answer for a refusal (`{ fieldErrors, formError }` plus `extra`), or null for any other error. */
export function refusedForm<T extends object = object>(error: unknown, i18n: Translator, extra?: T) {
  const refusal = describeRefusal(error, i18n);
  if (!refusal) return null;
  return data({ fieldErrors: refusal.fieldErrors, formError: refusal.formError, ...(extra as T) }, { status: refusal.status, headers: refusal.headers });
}

/** The JSON answer for a refusal (`{ ok: false, error: code, message }`), or null for any other error (rethrow it). */
export function refusedJson(error: unknown, i18n: Translator) {
  if (!(error instanceof DomainRefusal)) return null;
  const headers = error.retryAfterSeconds === undefined ? undefined : retryAfterHeader(error.retryAfterSeconds);
  return data({ ok: false as const, error: error.code ?? "refused", message: i18n.say(error.reason) }, { status: error.status, headers });
}
