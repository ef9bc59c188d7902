import { z } from "zod";

/** The privacy page's "run now": nothing but the intent (the organization is the page's). */
export const retentionRunIntentSchema = z.object({ intent: z.literal("run-retention") }, { error: "errors.unknownAction" });
