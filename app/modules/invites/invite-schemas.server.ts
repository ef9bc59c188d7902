import { z } from "zod";
import { passwordField, personNameField } from "~/utils/validation.server";

/** The token in an invite link, as invite-token.server.ts issues it; anything else is not found. */
export const inviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);

/** Accepting as the signed-in person, or registering a new account with the invite. */
export const inviteActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("register"), name: personNameField, password: passwordField }),
]);
