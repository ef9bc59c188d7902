import type { LocalizedMessage } from "~/i18n/catalogue";

/** A refused membership change; the page words `reason` in the reader's language. */
export class MembershipRuleError extends Error {
  constructor(readonly reason: LocalizedMessage) {
    super(reason.key);
  }
}
