import { data } from "@remix-run/node";
import type { Translator } from "~/i18n/translator";
import type { FieldErrors } from "~/utils/forms.server";
import { PasswordHashingBusyError } from "~/utils/password.server";
import { RateLimitedError } from "./hit-rate-limits.server";

/** Whole minutes to tell a person (never "0 minutes"). */
export function minutesToWait(retryAfterSeconds: number) {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

export function retryAfterHeader(retryAfterSeconds: number) {
  return { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) };
}

/**
 * What a form page answers when a limit (or a full hashing queue) refuses
 * the submission: the form shows the message; null for any other error.
 */
export function refusedForm(error: unknown, i18n: Translator) {
  if (error instanceof RateLimitedError) {
    return data(
      { fieldErrors: {} as FieldErrors, formError: i18n.t("errors.rateLimited", { count: minutesToWait(error.retryAfterSeconds) }) },
      { status: 429, headers: retryAfterHeader(error.retryAfterSeconds) },
    );
  }
  if (error instanceof PasswordHashingBusyError) {
    return data({ fieldErrors: {} as FieldErrors, formError: i18n.t("errors.busy") }, { status: 503, headers: retryAfterHeader(1) });
  }
  return null;
}
