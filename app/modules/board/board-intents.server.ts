import { z } from "zod";
import { leadFieldsSchema, versionField } from "~/modules/leads/lead-fields.server";

const nameField = z
  .string({ error: "Informe o nome do lead." })
  .trim()
  .min(1, "Informe o nome do lead.")
  .max(160, "O nome pode ter no máximo 160 caracteres.")
  .refine((value) => !value.includes("\0"), "O texto contém caracteres inválidos.");

/** What the board posts to `/o/:slug/board`: a drag and drop (`move`) or a quick add (`create`). */
export const boardIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z
      .object({
        intent: z.literal("move"),
        leadId: z.uuid({ error: "Lead inválido." }),
        toStageId: z.uuid({ error: "Etapa inválida." }),
        // Empty: the top of the column.
        afterLeadId: z
          .union([z.literal(""), z.uuid()], { error: "Card de referência inválido." })
          .optional()
          .transform((value) => value || null),
        version: versionField,
      })
      .refine((move) => move.afterLeadId !== move.leadId, {
        path: ["afterLeadId"],
        message: "Um card não pode ficar depois de si mesmo.",
      }),
    leadFieldsSchema.pick({ phone: true, company: true, estimatedValue: true }).extend({
      intent: z.literal("create"),
      stageId: z.uuid({ error: "Etapa inválida." }),
      fullName: nameField,
    }),
  ],
  { error: "Ação desconhecida." },
);
