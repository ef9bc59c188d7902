import { z } from "zod";

/**
 * What an analysis of a lead's conversation says, whoever made it (a model
 * through the `openai` client or the local analyzer): validated before it is
 * stored, so nothing malformed reaches the lead page. The same schema becomes
 * the model's strict JSON schema (structured outputs).
 */
export const SENTIMENTS = ["positive", "neutral", "negative"] as const;
export const INTENTS = ["quote", "proposal", "meeting", "pricing", "deadline", "support", "cancel", "purchase", "other"] as const;
export const URGENCIES = ["low", "medium", "high"] as const;
export const SUMMARY_MAX_LENGTH = 600;

export const summaryOutputSchema = z.object({
  /** In the organization's language. */
  summary: z.string().min(1).max(SUMMARY_MAX_LENGTH),
  sentiment: z.enum(SENTIMENTS),
  /** −1 (angry) … 1 (delighted). */
  sentimentScore: z.number().min(-1).max(1),
  intent: z.enum(INTENTS),
  urgency: z.enum(URGENCIES),
  nextActions: z
    .array(z.object({ text: z.string().min(1).max(200), dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable() }))
    .max(3),
  /** One of the organization's active stages, or null; the reason says why. */
  suggestedStageId: z.string().nullable(),
  suggestedStageReason: z.string().max(300).nullable(),
  extracted: z.object({
    company: z.string().max(160).nullable(),
    email: z.string().max(254).nullable(),
    budget: z.string().max(80).nullable(),
    deadline: z.string().max(80).nullable(),
  }),
});
export type SummaryOutput = z.infer<typeof summaryOutputSchema>;
