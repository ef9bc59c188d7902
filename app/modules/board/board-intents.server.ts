import { z } from "zod";
import { leadFieldsSchema, versionField } from "~/modules/leads/lead-fields.server";

const nameField = z
  .string({ error: "lead.nameRequired" })
  .trim()
  .min(1, "lead.nameRequired")
  .max(160, "lead.nameMax")
  .refine((value) => !value.includes("\0"), "errors.invalidText");

/** What the board posts to `/o/:slug/board`: a drag and drop (`move`) or a quick add (`create`). */
export const boardIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z
      .object({
        intent: z.literal("move"),
        leadId: z.uuid({ error: "board.invalidLead" }),
        toStageId: z.uuid({ error: "board.invalidStage" }),
        // Empty: the top of the column.
        afterLeadId: z
          .union([z.literal(""), z.uuid()], { error: "board.invalidReference" })
          .optional()
          .transform((value) => value || null),
        version: versionField,
      })
      .refine((move) => move.afterLeadId !== move.leadId, {
        path: ["afterLeadId"],
        message: "board.afterItself",
      }),
    leadFieldsSchema.pick({ phone: true, company: true, estimatedValue: true }).extend({
      intent: z.literal("create"),
      stageId: z.uuid({ error: "board.invalidStage" }),
      fullName: nameField,
    }),
  ],
  { error: "errors.unknownAction" },
);
