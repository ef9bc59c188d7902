import { z } from "zod";
import { RETENTION_KINDS, RETENTION_LIMITS, type RetentionKind } from "~/lib/retention";

/**
 * A retention period typed by a person: digits only (so "1e3", "30.5", "-30"
 * and "  30abc" are refused rather than read as something else), at most five
 * of them (every default fits; longer is over the maximum and never reaches
 * Number()), then between the kind's minimum and its default.
 */
function days(kind: RetentionKind) {
  const message = `privacy.validation.${kind}`;
  const { minDays, defaultDays } = RETENTION_LIMITS[kind];
  return z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,5}$/, message)
    .transform(Number)
    .pipe(z.number().min(minDays, message).max(defaultDays, message));
}

const periods = Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, days(kind)])) as { [K in RetentionKind]: ReturnType<typeof days> };

/** What the privacy page posts: every period at once, so what is saved is exactly what the form showed. */
export const retentionIntentSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("update-retention"), ...periods })], {
  error: "errors.unknownAction",
});
