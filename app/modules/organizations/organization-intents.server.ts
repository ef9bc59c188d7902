import { z } from "zod";

/** What the organization page posts: deleting it, confirmed by its slug typed again. */
export const organizationIntentSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("delete-organization"), confirmSlug: z.string({ error: "organization.delete.validation.confirmSlug" }).trim().min(1, "organization.delete.validation.confirmSlug").max(60, "organization.delete.validation.confirmSlug") })],
  { error: "errors.unknownAction" },
);
