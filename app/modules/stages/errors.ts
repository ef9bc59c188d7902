import type { LocalizedMessage } from "~/i18n/catalogue";

/** A refused pipeline change, worded for the admin in their language, and, when one input is at fault, its field. */
export class StageRuleError extends Error {
  constructor(
    readonly reason: LocalizedMessage,
    readonly field?: "name" | "color" | "moveTo",
  ) {
    super(reason.key);
  }
}
