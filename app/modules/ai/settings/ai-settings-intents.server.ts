import { z } from "zod";
import { MAX_AI_MONTHLY_LIMIT } from "~/lib/ai";

/**
 * A whole number typed by a person: digits only, so "1e3", "1.5", "-1" and
 * " 12abc" are refused instead of being read as something else (Number()
 * and parseInt would accept some of them). Seven digits at most: anything
 * longer is over the maximum anyway and never reaches Number().
 */
const monthlyLimit = z
  .string({ error: "ai.settings.validation.limit" })
  .trim()
  .regex(/^\d{1,7}$/, "ai.settings.validation.limit")
  .transform(Number)
  .pipe(z.number().max(MAX_AI_MONTHLY_LIMIT, "ai.settings.validation.limit"));

/** What the AI settings page posts: the switch (an explicit state, so a double submit cannot flip it back) and the monthly limit. */
export const aiSettingsIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("set-enabled"),
      enabled: z.enum(["on", "off"], { error: "ai.settings.validation.enabled" }).transform((value) => value === "on"),
    }),
    z.object({ intent: z.literal("set-limit"), monthlyLimit }),
  ],
  { error: "errors.unknownAction" },
);
