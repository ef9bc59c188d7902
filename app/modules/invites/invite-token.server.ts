import { createHmac } from "node:crypto";
import { getEnv } from "~/utils/env.server";
import { hashToken } from "~/utils/session.server";

/**
 * The link token is derived from the invitation id with the server secret, so
 * neither the database nor the job queue ever holds a usable token: the table
 * stores its hash and the e-mail task recomputes it.
 */
export function inviteTokenFor(inviteId: string) {
  return createHmac("sha256", getEnv().SESSION_SECRET).update(`invite:${inviteId}`).digest("base64url");
}

export function inviteTokenHash(token: string) {
  return hashToken(token);
}

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
