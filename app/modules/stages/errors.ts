/** A refused pipeline change, with the sentence shown to the admin and, when one input is at fault, its field. */
export class StageRuleError extends Error {
  constructor(
    message: string,
    readonly field?: "name" | "color" | "moveTo",
  ) {
    super(message);
  }
}
