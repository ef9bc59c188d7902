import { MikroORM, type EntityManager } from "@mikro-orm/postgresql";
import { createOrmConfig, ENTITIES } from "@db/config";
import {
  INVITE_TOKEN_SETTING,
  ORGANIZATION_SETTING,
  USER_SETTING,
} from "@db/entities/tenant";
import { getEnv } from "./env.server";
import type { RealtimeMessage } from "~/modules/realtime/events";
import { publishCommittedEvents } from "~/modules/realtime/publish-events.server";

export type Db = EntityManager;

// Keyed by the entity list: the Remix server bundle and code run from source
// (the web entry, the worker, tests) each carry their own copy of the entity
// definitions, and an ORM only knows the copy it was built with.
const cache = globalThis as typeof globalThis & { __lovedOrms?: Map<unknown, Promise<MikroORM>> };
const orms = (cache.__lovedOrms ??= new Map());

/** One ORM (and pool) per process, shared by every request or job; connects as the non-owner app role. */
export function getOrm(): Promise<MikroORM> {
  let orm = orms.get(ENTITIES);
  if (!orm) {
    const env = getEnv();
    orm = MikroORM.init(
      createOrmConfig({ clientUrl: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX, debug: env.LOG_QUERIES }),
    ).catch((error: unknown) => {
      orms.delete(ENTITIES);
      throw error;
    });
    orms.set(ENTITIES, orm);
  }
  return orm;
}

/** Closes every ORM of this process (all copies), e.g. at shutdown or when a test switches databases. */
export async function closeOrm() {
  const pending = [...orms.values()];
  orms.clear();
  await Promise.all(pending.map(async (orm) => (await orm).close(true)));
}

interface DbContext {
  organizationId?: string;
  userId?: string;
  inviteTokenHash?: string;
}

async function runTransaction<T>(context: DbContext, work: (db: Db) => Promise<T>): Promise<T> {
  const orm = await getOrm();
  const variables: Record<string, string> = {};
  if (context.organizationId) variables[ORGANIZATION_SETTING] = context.organizationId;
  if (context.userId) variables[USER_SETTING] = context.userId;
  if (context.inviteTokenHash) variables[INVITE_TOKEN_SETTING] = context.inviteTokenHash;
  const db = orm.em.fork({ session: { variables } });
  let committed: RealtimeMessage[] = [];
  const result = await db.transactional(async (tx) => {
    const events: RealtimeMessage[] = [];
    pendingEvents.set(tx, events);
    const value = await work(tx as Db);
    committed = events;
    return value;
  });
  if (committed.length) await publishCommittedEvents(committed);
  return result;
}

// Events recorded in a transaction wait here until it commits; a rollback drops them.
const pendingEvents = new WeakMap<object, RealtimeMessage[]>();

/** The list `recordEvent` appends to: only inside a transaction opened by these helpers. */
export function pendingEventsOf(db: Db): RealtimeMessage[] {
  const events = pendingEvents.get(db);
  if (!events) throw new Error("recordEvent must run inside withOrganization()");
  return events;
}

/**
 * The normal way in: one transaction with the organization set, so row-level
 * security confines every statement to that tenant.
 */
export function withOrganization<T>(organizationId: string, work: (db: Db) => Promise<T>) {
  return runTransaction({ organizationId }, work);
}

/**
 * No context at all: users, sessions, organizations and tenant tables all
 * return nothing here (login failures and the definer functions still work).
 */
export function withoutTenant<T>(work: (db: Db) => Promise<T>) {
  return runTransaction({}, work);
}

/**
 * One statement outside any explicit transaction (no begin/commit round trips)
 * and without context: for the per-request guards, which call the narrow
 * lookup functions (`find_user_session`, ...).
 */
export async function executeWithoutTenant<T>(query: string, params: unknown[] = []): Promise<T[]> {
  const orm = await getOrm();
  return orm.em.fork().execute<T[]>(query, params);
}

/** The signed-in user's own rows: their user row and sessions, their memberships and those organizations. */
export function withUser<T>(userId: string, work: (db: Db) => Promise<T>) {
  return runTransaction({ userId }, work);
}

/** A signed-in user's own memberships across organizations (for the switcher and redirects). */
export function withMembershipsOf<T>(userId: string, work: (db: Db) => Promise<T>) {
  return withUser(userId, work);
}

/** Reads exactly the invitation whose token the caller holds, before they belong to its organization. */
export function withInviteToken<T>(tokenHash: string, work: (db: Db) => Promise<T>) {
  return runTransaction({ inviteTokenHash: tokenHash }, work);
}

/** Re-scope a running transaction to an organization (sign-up and invitation acceptance learn it mid-way). */
export async function setOrganization(db: Db, organizationId: string) {
  await db.execute("select set_config(?, ?, true)", [ORGANIZATION_SETTING, organizationId]);
}

/** Re-scope a running transaction to a user (an invitation creates its account mid-way). */
export async function setUser(db: Db, userId: string) {
  await db.execute("select set_config(?, ?, true)", [USER_SETTING, userId]);
}
