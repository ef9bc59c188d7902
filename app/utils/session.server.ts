import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { UserSession } from "@db/entities/user-session";
import { User } from "@db/entities/user";
import { executeWithoutTenant, withoutTenant } from "./db.server";
import { getEnv } from "./env.server";
import type { RequestMeta } from "./request.server";
import type { Locale } from "~/i18n/locales";

const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * The cookie outlives the session on purpose (400 days is the browsers' cap):
 * the server-side row decides expiry and slides with activity, so the cookie
 * never needs re-sending on renewal.
 */
const COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;
/** Renew at most once a day so an active user never expires and most requests write nothing. */
const RENEW_AFTER_MS = 24 * 60 * 60 * 1000;

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function sessionCookie(request: Request) {
  const { hostname } = new URL(request.url);
  return createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: !LOCAL_HOSTS.has(hostname),
    secrets: [getEnv().SESSION_SECRET],
    maxAge: COOKIE_MAX_AGE_S,
  });
}

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export interface SessionUser {
  id: string;
  email: string;
  fullName: string;
  /** The interface language the user chose; null until they choose one. */
  locale: Locale | null;
  sessionId: string;
}

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie(request).parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Resolves the cookie to a live session and its user; renews the expiry on
 * activity. Every request runs this, so it is one statement (plus a write on
 * the rare renewal or expiry).
 */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const [row] = await executeWithoutTenant<{
    sessionId: string;
    expiresAt: Date | string;
    lastActivityAt: Date | string;
    id: string | null;
    email: string;
    fullName: string;
    locale: Locale | null;
  }>(
    `select s.id as "sessionId", s.expires_at as "expiresAt", s.last_activity_at as "lastActivityAt",
            u.id, u.email, u.full_name as "fullName", u.locale
       from user_sessions s left join users u on u.id = s.user_id and u.is_active
      where s.token_hash = ?`,
    [hashToken(token)],
  );
  if (!row) return null;
  const now = Date.now();
  if (new Date(row.expiresAt).getTime() <= now) {
    await executeWithoutTenant(`delete from user_sessions where id = ?`, [row.sessionId]);
    return null;
  }
  if (!row.id) return null;
  if (now - new Date(row.lastActivityAt).getTime() > RENEW_AFTER_MS) {
    await executeWithoutTenant(`update user_sessions set last_activity_at = ?, expires_at = ? where id = ?`, [
      new Date(now),
      new Date(now + SESSION_TTL_MS),
      row.sessionId,
    ]);
  }
  return { id: row.id, email: row.email, fullName: row.fullName, locale: row.locale ?? null, sessionId: row.sessionId };
}

/** A fresh random id at every login (no fixation); the cookie carries only that id. */
export async function createUserSession(request: Request, userId: string, meta: RequestMeta) {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await withoutTenant(async (db) => {
    db.create(UserSession, {
      id: randomUUID(),
      tokenHash: hashToken(token),
      user: userId,
      ipAddress: meta.ipAddress,
      userAgent: meta.userAgent,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      lastActivityAt: now,
    });
    await db.nativeUpdate(User, { id: userId }, { lastLoginAt: now });
  });
  return sessionCookie(request).serialize(token);
}

export async function destroyUserSession(request: Request) {
  const token = await readToken(request);
  if (token) await withoutTenant((db) => db.nativeDelete(UserSession, { tokenHash: hashToken(token) }));
  return sessionCookie(request).serialize("", { maxAge: 0, expires: new Date(0) });
}

export async function redirectWithSession(request: Request, userId: string, meta: RequestMeta, to: string) {
  return redirect(to, { headers: { "Set-Cookie": await createUserSession(request, userId, meta) } });
}
