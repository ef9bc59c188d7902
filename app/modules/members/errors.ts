/** A refused membership change, with the sentence shown to the admin. */
export class MembershipRuleError extends Error {}
