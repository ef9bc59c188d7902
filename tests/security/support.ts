import { randomUUID } from "node:crypto";
import { beforeAll } from "vitest";
import { inviteTokenFor } from "~/modules/invites/invite-token.server";
import { ROLES, type Role } from "~/utils/permissions";
import { TestClient, type TestResponse } from "../support/client";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { useTestServer, type TestServer } from "../support/server";
import { SseClient } from "../realtime/sse-client";

export const PASSWORD = "senha-forte-2026";

/** Organization-scoped ids a route or intent takes, plus what a valid form needs to go with them. */
export interface Ids {
  slug: string;
  leadId: string;
  /** The lead's current version (edits and moves carry it). */
  version: number;
  stageId: string;
  /** Another active stage: where a move goes. */
  otherStageId: string;
  /** A membership nobody signs in with: what change-role and remove act on. */
  memberId: string;
  inviteId: string;
  inviteToken: string;
}

export interface Org {
  id: string;
  slug: string;
  /** One signed-in client per role; `owner` founded the organization. */
  as: Record<Role, TestClient>;
  /** Shared targets: only refusals may use them, so they never change. */
  ids: Ids;
  /** Fresh targets, for a request that is expected to succeed (and change them). */
  fresh(): Promise<Ids>;
}

export interface World {
  db: TestDatabase;
  server: TestServer;
  /** The victim: every attack aims at its ids. */
  a: Org;
  /** The attacker's own organization (its owner is a signed-in member of B only). */
  b: Org;
}

const unique = () => randomUUID().slice(0, 8);

async function expectStatus(response: TestResponse, what: string, ok = (status: number) => status < 400) {
  if (!ok(response.status)) throw new Error(`${what} failed: ${response.status} ${response.body.slice(0, 300)}`);
  return response;
}

async function signUpOrg(server: TestServer, db: TestDatabase, label: string) {
  const owner = new TestClient(server);
  const name = `${label} ${unique()}`;
  const response = await expectStatus(
    await owner.post("/signup", { name: `Dona ${label}`, email: `owner-${unique()}@${label.toLowerCase()}.test`, password: PASSWORD, organization: name }),
    `sign-up of ${label}`,
  );
  const slug = new URL(response.location!, server.url).pathname.split("/")[2];
  const [{ id }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = $1", [slug]);
  return { owner, slug, id };
}

/** An invitation through the members page, as the owner does it; its link token is derived the way the e-mail task derives it. */
async function invite(db: TestDatabase, owner: TestClient, slug: string, orgId: string, role: Role) {
  const email = `invitee-${unique()}@example.test`;
  await expectStatus(await owner.post(`/o/${slug}/settings/members`, { intent: "invite", email, role }), "invite");
  const [{ id }] = await db.adminQuery<{ id: string }>("select id from organization_invites where organization_id = $1 and email = $2", [orgId, email]);
  return { inviteId: id, inviteToken: inviteTokenFor(id) };
}

/** A new person joins by registering through an invitation; signed in afterwards. */
async function join(world: { server: TestServer; db: TestDatabase }, owner: TestClient, slug: string, orgId: string, role: Role) {
  const { inviteId, inviteToken } = await invite(world.db, owner, slug, orgId, role);
  const client = new TestClient(world.server);
  await expectStatus(await client.post(`/invites/${inviteToken}`, { intent: "register", name: `Pessoa ${role}`, password: PASSWORD }), `join as ${role}`);
  const [{ id }] = await world.db.adminQuery<{ id: string }>(
    `select m.id from organization_members m join organization_invites i on i.accepted_by_id = m.user_id
      where i.id = $1 and m.organization_id = $2`,
    [inviteId, orgId],
  );
  return { client, memberId: id };
}

async function newLead(db: TestDatabase, owner: TestClient, slug: string, orgId: string, stageId: string) {
  const fullName = `Lead ${unique()}`;
  await expectStatus(await owner.post(`/o/${slug}/board`, { intent: "create", stageId, fullName }), "create lead");
  const [lead] = await db.adminQuery<{ id: string; version: number }>("select id, version from leads where organization_id = $1 and full_name = $2", [
    orgId,
    fullName,
  ]);
  return lead;
}

async function newStage(db: TestDatabase, owner: TestClient, slug: string, orgId: string) {
  const name = `Etapa ${unique()}`;
  await expectStatus(await owner.post(`/o/${slug}/settings/pipeline`, { intent: "create", name, color: "#123456" }), "create stage");
  const [{ id }] = await db.adminQuery<{ id: string }>("select id from pipeline_stages where organization_id = $1 and name = $2", [orgId, name]);
  return id;
}

async function buildOrg(world: { server: TestServer; db: TestDatabase }, label: string): Promise<Org> {
  const { db } = world;
  const { owner, slug, id } = await signUpOrg(world.server, db, label);
  const as = { owner } as Record<Role, TestClient>;
  for (const role of ROLES.filter((r) => r !== "owner")) as[role] = (await join(world, owner, slug, id, role)).client;
  const stages = await db.adminQuery<{ id: string }>("select id from pipeline_stages where organization_id = $1 and archived_at is null order by position", [id]);

  const targets = async (stageId: string, otherStageId: string): Promise<Ids> => {
    const lead = await newLead(db, owner, slug, id, stageId);
    const { memberId } = await join(world, owner, slug, id, "member");
    return { slug, leadId: lead.id, version: lead.version, stageId, otherStageId, memberId, ...(await invite(db, owner, slug, id, "member")) };
  };
  return {
    id,
    slug,
    as,
    ids: await targets(stages[0].id, stages[1].id),
    fresh: async () => targets(await newStage(db, owner, slug, id), stages[1].id),
  };
}

/** A fresh database and server with two organizations of five roles each, built over HTTP (sign-up, invitations). */
export function useSecurityWorld(): World {
  const db = useTestDatabase();
  const server = useTestServer();
  const world = { db, server } as World;
  beforeAll(async () => {
    world.a = await buildOrg(world, "Alvo");
    world.b = await buildOrg(world, "Borda");
  });
  return world;
}

const TABLES = [
  "users",
  "user_sessions",
  "organizations",
  "organization_members",
  "organization_invites",
  "pipeline_stages",
  "leads",
  "lead_activities",
  "communications",
  "audit_logs",
  "realtime_events",
  "graphile_worker._private_jobs",
] as const;
export type Table = (typeof TABLES)[number] | "presence";

/** Who is dragging which card in an organization, as a member's event stream reports it on connect. */
async function dragging(world: World, org: Org) {
  const stream = await SseClient.open(`${world.server.url}/o/${org.slug}/events`, { cookie: org.as.owner.cookieHeader });
  try {
    const snapshot = JSON.parse((await stream.next("presence")).data) as { dragging?: unknown[] };
    return JSON.stringify(snapshot.dragging ?? []);
  } finally {
    stream.close();
  }
}

/**
 * Everything a request could change, row by row, as the superuser (who sees
 * every tenant), plus the drag locks of both organizations (kept in memory).
 */
export async function fingerprint(world: World): Promise<Record<Table, string>> {
  const digest = (table: string) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${table} t)`;
  const [row] = await world.db.adminQuery<Record<string, string>>(`select ${TABLES.map((t, i) => `${digest(t)} as t${i}`).join(", ")}`);
  const tables = Object.fromEntries(TABLES.map((t, i) => [t, row[`t${i}`]]));
  return { ...tables, presence: (await dragging(world, world.a)) + (await dragging(world, world.b)) } as Record<Table, string>;
}

/** Tables whose fingerprint differs. */
export function changed(before: Record<Table, string>, after: Record<Table, string>): Table[] {
  return (Object.keys(before) as Table[]).filter((table) => before[table] !== after[table]);
}

/** What no answer may ever contain: a stack trace, a database error, a server file path. */
export const LEAKS: [string, RegExp][] = [
  ["a stack trace", /\n\s+at [\w.<>]+ \(|^\s{4}at /m],
  ["a database error", /\b(syntax error at or near|violates (?:not-null|unique|foreign key|check) constraint|relation "\w+" does not exist|invalid input syntax for|DriverException|QueryFailedError)\b/i],
  ["a server path", /\/work\/|node_modules|\.tsx?:\d+|\/build\/index\.js/],
];

export function leaksIn(body: string) {
  return LEAKS.filter(([, pattern]) => pattern.test(body)).map(([what]) => what);
}
