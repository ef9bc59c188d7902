import { z } from "zod";

/**
 * The account page's other forms: deleting the account (the password and the
 * word typed as a confirmation) and restoring a deleted organization one owns.
 */
export const accountIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("delete-account"),
      password: z.string({ error: "account.delete.validation.password" }).min(1, "account.delete.validation.password").max(200, "account.delete.validation.password"),
      confirm: z.literal("on", { error: "account.delete.validation.confirm" }),
    }),
    z.object({ intent: z.literal("restore-organization"), organizationId: z.uuid({ error: "errors.unknownAction" }) }),
  ],
  { error: "errors.unknownAction" },
);
