import { z } from "zod";
import { isOrderingKey } from "~/lib/ordering";

/** Which page of a column to read: the stage, and the last card's key already shown. */
export const columnQuerySchema = z.object({
  stageId: z.uuid(),
  // Empty: from the top of the column.
  cursor: z
    .string()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || isOrderingKey(value)),
});
