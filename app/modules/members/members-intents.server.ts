import { z } from "zod";
import { ROLES } from "~/lib/permissions";
import { emailField } from "~/utils/validation.server";

const role = z.enum(ROLES, { error: "validation.role" });

/** What the members page posts: invitations and changes to memberships. */
export const membersIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("invite"), email: emailField, role }),
    z.object({ intent: z.literal("resend-invite"), inviteId: z.uuid() }),
    z.object({ intent: z.literal("revoke-invite"), inviteId: z.uuid() }),
    z.object({ intent: z.literal("change-role"), memberId: z.uuid(), role }),
    z.object({ intent: z.literal("remove"), memberId: z.uuid() }),
  ],
  { error: "errors.unknownAction" },
);

export type MembersIntent = z.infer<typeof membersIntentSchema>;
