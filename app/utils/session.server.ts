import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { UserSession } from "@db/entities/user-session";
import { User } from "@db/entities/user";
import { executeWithoutTenant, withUser } from "./db.server";
import { getEnv } from "./env.server";
import { oncePerRequest } from "./work-context.server";
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
 * the rare renewal or expiry). The app role cannot read other people's
 * sessions: `find_user_session` returns only the one whose token hash is given.
 */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  return oncePerRequest(`session:${token}`, () => lookUpSession(hashToken(token)));
}

async function lookUpSession(tokenHash: string): Promise<SessionUser | null> {
  const [row] = await executeWithoutTenant<{
    sessionId: string;
    expiresAt: Date | string;
    lastActivityAt: Date | string;
    id: string | null;
    email: string;
    fullName: string;
    locale: Locale | null;
  }>(
    `select session_id as "sessionId", expires_at as "expiresAt", last_activity_at as "lastActivityAt",
            user_id as id, email, full_name as "fullName", locale
       from find_user_session(?)`,
    [tokenHash],
  );
  if (!row) return null;
  const now = Date.now();
  if (new Date(row.expiresAt).getTime() <= now) {
    await executeWithoutTenant(`select delete_user_session(?)`, [tokenHash]);
    return null;
  }
  if (!row.id) return null;
  if (now - new Date(row.lastActivityAt).getTime() > RENEW_AFTER_MS) {
    await executeWithoutTenant(`select renew_user_session(?, ?::interval)`, [tokenHash, `${SESSION_TTL_MS / 1000} seconds`]);
  }
  return { id: row.id, email: row.email, fullName: row.fullName, locale: row.locale ?? null, sessionId: row.sessionId };
}

/** A fresh random id at every login (no fixation); the cookie carries only that id. */
export async function createUserSession(request: Request, userId: string, meta: RequestMeta) {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await withUser(userId, async (db) => {
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
  if (token) await executeWithoutTenant(`select delete_user_session(?)`, [hashToken(token)]);
  return sessionCookie(request).serialize("", { maxAge: 0, expires: new Date(0) });
}

export async function redirectWithSession(request: Request, userId: string, meta: RequestMeta, to: string) {
  return redirect(to, { headers: { "Set-Cookie": await createUserSession(request, userId, meta) } });
}
