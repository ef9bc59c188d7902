import { z } from "zod";

const stageName = z
  .string()
  .transform((value) => value.trim().replace(/\s+/g, " "))
  .pipe(z.string().min(1, "pipeline.nameRequired").max(60, "pipeline.nameMax"))
  .refine((value) => !value.includes("\0"), "pipeline.nameInvalid");
const stageColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "pipeline.colorInvalid")
  .transform((value) => value.toLowerCase());
const stageId = z.uuid({ error: "board.invalidStage" });

/** What the pipeline settings page posts: adding, editing, reordering and archiving stages. */
export const pipelineIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create"), name: stageName, color: stageColor }),
    z.object({ intent: z.literal("update"), stageId, name: stageName, color: stageColor }),
    z.object({ intent: z.literal("move"), stageId, direction: z.enum(["up", "down"], { error: "pipeline.directionInvalid" }) }),
    z.object({
      intent: z.literal("archive"),
      stageId,
      moveTo: z
        .union([z.literal(""), z.uuid({ error: "pipeline.chooseActive" })])
        .optional()
        .transform((value) => value || null),
    }),
  ],
  { error: "errors.unknownAction" },
);
