import { MikroORM, type EntityManager } from "@mikro-orm/postgresql";
import { createOrmConfig, ENTITIES } from "@db/config";
import {
  INVITE_TOKEN_SETTING,
  ORGANIZATION_SETTING,
  USER_SETTING,
} from "@db/entities/tenant";
import { getEnv } from "./env.server";

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

/** Takes what a committed transaction queued under one kind; runs after commit, so it must not throw. */
export type CommitListener<T> = (items: T[]) => Promise<void>;

// Higher layers (realtime publishing) register here, so this module never imports them.
const commitListeners = new Map<string, CommitListener<never>>();

/** Hands everything queued under `kind` (by `queueOnCommit`) to `listener` once its transaction commits. */
export function onCommit<T>(kind: string, listener: CommitListener<T>) {
  commitListeners.set(kind, listener as CommitListener<never>);
}

// What a transaction queued, by kind; it is handed over only after commit, so a rollback drops it.
const pendingByTransaction = new WeakMap<object, Map<string, unknown[]>>();

/** The list to append `kind` items to: only inside a transaction opened by these helpers, and only for a registered kind. */
export function queueOnCommit<T>(db: Db, kind: string): T[] {
  const pending = pendingByTransaction.get(db);
  if (!pending) throw new Error(`${kind} can only be queued inside withOrganization()`);
  if (!commitListeners.has(kind)) throw new Error(`nothing listens for ${kind} after commit`);
  let items = pending.get(kind);
  if (!items) pending.set(kind, (items = []));
  return items as T[];
}

async function runTransaction<T>(context: DbContext, work: (db: Db) => Promise<T>): Promise<T> {
  const orm = await getOrm();
  const variables: Record<string, string> = {};
  if (context.organizationId) variables[ORGANIZATION_SETTING] = context.organizationId;
  if (context.userId) variables[USER_SETTING] = context.userId;
  if (context.inviteTokenHash) variables[INVITE_TOKEN_SETTING] = context.inviteTokenHash;
  const db = orm.em.fork({ session: { variables } });
  const pending = new Map<string, unknown[]>();
  const result = await db.transactional(async (tx) => {
    pendingByTransaction.set(tx, pending);
    return work(tx as Db);
  });
  for (const [kind, items] of pending) if (items.length) await commitListeners.get(kind)!(items as never[]);
  return result;
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
