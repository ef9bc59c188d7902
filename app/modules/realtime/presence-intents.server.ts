import { z } from "zod";

/** What a dragging board posts: taking, keeping and releasing a card's soft lock. */
export const presenceSchema = z.object({
  intent: z.enum(["drag-start", "heartbeat", "drag-end"], { error: "errors.unknownAction" }),
  leadId: z.uuid({ error: "board.invalidLead" }),
});
