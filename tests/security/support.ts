import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { storeFile } from "~/modules/files/store-file.server";
import { inviteTokenFor } from "~/modules/invites/invite-token.server";
import { rateLimitKeyOf } from "~/modules/rate-limits/hit-rate-limits.server";
import { RATE_LIMITS } from "~/modules/rate-limits/policies";
import { sealTwilioAuthToken } from "~/modules/twilio/twilio-secrets.server";
import { ROLES, type Role } from "~/lib/permissions";
import { TestClient, type TestResponse } from "../support/client";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { useTestServer, type TestServer } from "../support/server";
import { SseClient } from "../realtime/sse-client";
import { SESSION_COOKIE, sha256Hex, signedCookieValue } from "../auth/helpers";
import { urlOf, type Intent, type Route } from "./routes";

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
  /** That member's e-mail (password PASSWORD): a login nobody else uses. */
  email: string;
  inviteId: string;
  inviteToken: string;
  /** The invited address: only an account with it may accept. */
  inviteEmail: string;
  /** A note on the lead written just now by the organization's `member`: only they may change it. */
  noteId: string;
  /** A WhatsApp connection, and the phone number id it has (unique in the organization). */
  connectionId: string;
  phoneNumberId: string;
  /** Its webhook URL's key. */
  connectionKey: string;
  /** A Twilio connection, and the number (E.164) it has (unique in the organization). */
  twilioConnectionId: string;
  twilioNumber: string;
  /** Its webhook URLs' key. */
  twilioConnectionKey: string;
  /** A stored file (a few bytes of WhatsApp media). */
  fileId: string;
  /** A call on the lead that has ended (completed): its outcome may be recorded (and the Twilio connect URL's `:callId`). */
  callId: string;
  /** A succeeded AI summary of the lead that extracted a deadline (the organization has AI on). */
  summaryId: string;
  /** A data-subject correction request for the lead's person, still open: closing it by hand succeeds. */
  requestId: string;
  /** An access request whose export failed: retrying it succeeds (once). */
  failedRequestId: string;
  /** Another organization the owner deleted a moment ago (within its grace period): what restore-organization brings back. */
  deletedOrganizationId: string;
}

export interface Org {
  id: string;
  slug: string;
  /** The hash of PASSWORD, shared by everyone the factories make. */
  passwordHash: string;
  /** One signed-in client per role; `owner` founded the organization. */
  as: Record<Role, TestClient>;
  /** Shared targets: only refusals may use them, so they never change. */
  ids: Ids;
  /** Fresh targets, for a request that is expected to succeed (and change them). */
  fresh(): Promise<Ids>;
}

type Sql = TestDatabase["adminQuery"];

export interface World {
  /** The test database; `sql` is its superuser query over one pooled connection (sees every tenant). */
  db: TestDatabase;
  sql: Sql;
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

async function signUpOrg(world: Pick<World, "server" | "sql">, label: string) {
  const owner = new TestClient(world.server);
  const email = `owner-${unique()}@${label.toLowerCase()}.test`;
  const response = await expectStatus(
    await owner.post("/signup", { name: `Dona ${label}`, email, password: PASSWORD, organization: `${label} ${unique()}` }),
    `sign-up of ${label}`,
  );
  const slug = new URL(response.location!, world.server.url).pathname.split("/")[2];
  const [{ id, password_hash }] = await world.sql<{ id: string; password_hash: string }>(
    "select o.id, u.password_hash from organizations o, users u where o.slug = $1 and u.email = $2",
    [slug, email],
  );
  return { owner, slug, id, passwordHash: password_hash };
}

/**
 * A person with a membership, written straight to the tables (argon2 once per
 * organization, not per person); with `signedIn`, a session made the way
 * login makes one, and a client carrying its signed cookie.
 */
export async function addPerson(sql: Sql, org: { id: string; passwordHash: string }, role: Role, email = `${role}-${unique()}@example.test`) {
  const userId = randomUUID();
  const memberId = randomUUID();
  await sql(
    `insert into users (id, email, password_hash, full_name, created_at, updated_at) values ($1, $2, $3, $4, now(), now())`,
    [userId, email, org.passwordHash, `Pessoa ${role} ${unique()}`],
  );
  await sql(`insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at) values ($1, $2, $3, $4, now(), now())`, [
    memberId,
    org.id,
    userId,
    role,
  ]);
  return { userId, memberId, email };
}

export async function sessionFor(world: Pick<World, "server" | "sql">, userId: string) {
  const token = randomBytes(32).toString("base64url");
  await world.sql(
    `insert into user_sessions (id, token_hash, user_id, expires_at, last_activity_at, created_at) values ($1, $2, $3, now() + interval '1 day', now(), now())`,
    [randomUUID(), sha256Hex(token), userId],
  );
  const client = new TestClient(world.server);
  client.cookies.set(SESSION_COOKIE, await signedCookieValue(token));
  return client;
}

/** An invitation through the members page, as the owner does it; its link token is derived the way the e-mail task derives it. */
async function invite(sql: Sql, owner: TestClient, slug: string, orgId: string) {
  const email = `invitee-${unique()}@example.test`;
  // Every fresh set of targets invites someone: the suites' dozens of actions would otherwise meet the organization's hourly invitation limit.
  const keys = [RATE_LIMITS.invitesSentHourly, RATE_LIMITS.invitesSentDaily].map((policy) => rateLimitKeyOf({ policy, subject: orgId }));
  await sql("delete from rate_limits.counters where key = any($1)", [keys]);
  await expectStatus(await owner.post(`/o/${slug}/settings/members.data`, { intent: "invite", email, role: "member" }), "invite");
  const [{ id }] = await sql<{ id: string }>("select id from organization_invites where organization_id = $1 and email = $2", [orgId, email]);
  return { inviteId: id, inviteToken: inviteTokenFor(id), inviteEmail: email };
}

async function newLead(sql: Sql, owner: TestClient, slug: string, orgId: string, stageId: string) {
  const fullName = `Lead ${unique()}`;
  await expectStatus(await owner.post(`/o/${slug}/board.data`, { intent: "create", stageId, fullName }), "create lead");
  const [lead] = await sql<{ id: string; version: number }>("select id, version from leads where organization_id = $1 and full_name = $2", [
    orgId,
    fullName,
  ]);
  return lead;
}

async function newNote(sql: Sql, author: TestClient, slug: string, orgId: string, leadId: string) {
  const content = `Nota ${unique()}`;
  await expectStatus(await author.post(`/o/${slug}/leads/${leadId}.data`, { intent: "add-note", content }), "add note");
  const [{ id }] = await sql<{ id: string }>("select id from communications where organization_id = $1 and content = $2", [orgId, content]);
  return id;
}

async function newStage(sql: Sql, owner: TestClient, slug: string, orgId: string) {
  const name = `Etapa ${unique()}`;
  await expectStatus(await owner.post(`/o/${slug}/settings/pipeline.data`, { intent: "create", name, color: "#123456" }), "create stage");
  const [{ id }] = await sql<{ id: string }>("select id from pipeline_stages where organization_id = $1 and name = $2", [orgId, name]);
  return id;
}

/** Digits nobody else uses: WABA and phone number ids are unique per organization. */
export const uniqueDigits = () => String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));

/** A WhatsApp connection through the integrations page, as an admin makes one. */
async function newConnection(sql: Sql, owner: TestClient, slug: string, orgId: string) {
  const wabaId = uniqueDigits();
  const phoneNumberId = uniqueDigits();
  await expectStatus(await owner.post(`/o/${slug}/settings/integrations.data`, whatsAppConnectionForm(wabaId, phoneNumberId)), "create connection");
  const [{ id, connection_key }] = await sql<{ id: string; connection_key: string }>(
    "select id, connection_key from whatsapp_connections where organization_id = $1 and waba_id = $2",
    [orgId, wabaId],
  );
  return { connectionId: id, phoneNumberId, connectionKey: connection_key };
}

/** A number nobody else uses, as Twilio numbers are written: E.164, a São Paulo landline. */
export const uniqueTwilioNumber = () => `+55113${uniqueDigits().slice(-7)}`;

/** A valid create-twilio form. */
export function twilioConnectionForm(accountSid = `AC${randomBytes(16).toString("hex")}`, number = uniqueTwilioNumber()) {
  return {
    intent: "create-twilio",
    name: "Twilio Vendas",
    accountSid,
    authToken: randomBytes(16).toString("hex"),
    numbers: number,
    recordCalls: "on",
  };
}

/** A Twilio connection through the integrations page, as an admin makes one. */
async function newTwilioConnection(sql: Sql, owner: TestClient, slug: string, orgId: string) {
  const form = twilioConnectionForm();
  await expectStatus(await owner.post(`/o/${slug}/settings/integrations.data`, form), "create Twilio connection");
  const [{ id, connection_key }] = await sql<{ id: string; connection_key: string }>(
    "select id, connection_key from twilio_connections where organization_id = $1 and account_sid = $2",
    [orgId, form.accountSid],
  );
  return { twilioConnectionId: id, twilioNumber: form.numbers, twilioConnectionKey: connection_key };
}

/**
 * Makes the lead a WhatsApp conversation: a phone, a message from it minutes
 * ago (the 24-hour window is open) still unread, and an approved one-variable
 * template on the connection, so every send intent can succeed.
 */
async function openConversation(sql: Sql, orgId: string, leadId: string, connectionId: string) {
  await sql("update leads set phone = $3, last_inbound_at = now() - interval '5 minutes', unread_count = 2 where organization_id = $1 and id = $2", [
    orgId,
    leadId,
    `+55119${uniqueDigits().slice(-8)}`,
  ]);
  await sql(
    `insert into whatsapp_templates (id, organization_id, connection_id, name, language, status, category, components, variable_count, synced_at)
     values (gen_random_uuid(), $1, $2, 'boas_vindas', 'pt_BR', 'APPROVED', 'UTILITY', $3::jsonb, 1, now())`,
    [orgId, connectionId, JSON.stringify([{ type: "BODY", text: "Olá, {{1}}!" }])],
  );
}

/**
 * Calls: a Twilio number for the organization, a saved phone for everyone
 * who signs in (click-to-call rings the caller's own phone first).
 */
async function connectTwilio(sql: Sql, orgId: string) {
  await sql(
    `insert into twilio_connections (id, organization_id, connection_key, name, account_sid, auth_token, phone_numbers, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'Twilio', $3, $4, '["+551140000002"]'::jsonb, now(), now())`,
    [orgId, randomBytes(32).toString("hex"), `AC${randomBytes(16).toString("hex")}`, sealTwilioAuthToken("token-de-teste")],
  );
  await sql("update users set phone = $2 where id in (select user_id from organization_members where organization_id = $1)", [orgId, `+55119${uniqueDigits().slice(-8)}`]);
}

/** An outbound call on the lead that has ended, written as the calls module writes one. */
async function endedCall(sql: Sql, orgId: string, leadId: string) {
  const [connection] = await sql<{ id: string }>("select id from twilio_connections where organization_id = $1", [orgId]);
  const call = { connectionId: connection.id, orgNumber: "+551140000002", leadPhone: "+5511987654321", durationSeconds: 42 };
  const [{ id }] = await sql<{ id: string }>(
    `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'phone', 'outbound', '', $3::jsonb, 'completed', now(), now(), now()) returning id`,
    [orgId, leadId, JSON.stringify({ kind: "call", call })],
  );
  return id;
}

/** A summary of the lead as the summary job stores one; its fingerprint matches no real conversation, so "Resumir agora" always queues. */
async function newSummary(sql: Sql, orgId: string, leadId: string) {
  const output = {
    summary: "O lead pediu uma proposta e quer começar em janeiro.",
    sentiment: "positive",
    sentimentScore: 0.6,
    intent: "proposal",
    urgency: "medium",
    nextActions: [{ text: "Enviar proposta", dueDate: null }],
    suggestedStageId: null,
    suggestedStageReason: null,
    extracted: { company: null, email: null, budget: null, deadline: "início de janeiro" },
  };
  const [{ id }] = await sql<{ id: string }>(
    `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, input_fingerprint, entry_count, output, sentiment, created_at)
     values (gen_random_uuid(), $1, $2, 'local', 'local-analyzer-1', 'succeeded', 'auto', repeat('0', 64), 1, $3::jsonb, 'positive', now()) returning id`,
    [orgId, leadId, JSON.stringify(output)],
  );
  return id;
}

/** A correction request for the person behind the lead, through the privacy page, as an admin registers one. */
async function newPrivacyRequest(sql: Sql, owner: TestClient, slug: string, orgId: string, leadId: string) {
  const form = { intent: "create-request", kind: "correction", leadId, requesterContact: "titular@example.test" };
  await expectStatus(await owner.post(`/o/${slug}/settings/privacy.data`, form), "create privacy request");
  const [{ id }] = await sql<{ id: string }>(
    "select id from privacy_requests where organization_id = $1 and $2 = any(lead_ids) order by received_at desc limit 1",
    [orgId, leadId],
  );
  return id;
}

/** An access request for the lead's person as the export job leaves it after a failed attempt. */
async function failedPrivacyRequest(sql: Sql, orgId: string, leadId: string) {
  const [{ id }] = await sql<{ id: string }>(
    `insert into privacy_requests (id, organization_id, kind, status, error, lead_ids, requester_contact, received_at, due_at, updated_at)
     values (gen_random_uuid(), $1, 'access', 'failed', 'storage', array[$2::text], 'titular@example.test', now(), now() + interval '15 days', now()) returning id`,
    [orgId, leadId],
  );
  return id;
}

/** A valid create-connection form. */
export function whatsAppConnectionForm(wabaId = uniqueDigits(), phoneNumberId = uniqueDigits()) {
  return {
    intent: "create-connection",
    name: "WhatsApp Vendas",
    wabaId,
    numbers: `${phoneNumberId} +55 11 98765-4321`,
    appSecret: "0123456789abcdef0123456789abcdef",
    verifyToken: "verifica-isto-2026",
    accessToken: `EAAG${randomBytes(24).toString("hex")}`,
    newLeadAssignment: "unassigned",
  };
}

async function buildOrg(world: Pick<World, "server" | "sql">, label: string): Promise<Org> {
  const { sql } = world;
  const org = await signUpOrg(world, label);
  const { owner, slug, id } = org;
  const as = { owner } as Record<Role, TestClient>;
  for (const role of ROLES.filter((r) => r !== "owner")) as[role] = await sessionFor(world, (await addPerson(sql, org, role)).userId);
  await connectTwilio(sql, id);
  await sql("update organizations set ai_enabled = true where id = $1", [id]);
  const stages = await sql<{ id: string }>("select id from pipeline_stages where organization_id = $1 and is_active order by position", [id]);

  const targets = async (stageId: string, otherStageId: string): Promise<Ids> => {
    const [lead, person, invited, connection, twilio, file] = await Promise.all([
      newLead(sql, owner, slug, id, stageId),
      addPerson(sql, org, "member"),
      invite(sql, owner, slug, id),
      newConnection(sql, owner, slug, id),
      newTwilioConnection(sql, owner, slug, id),
      // No route uploads files (jobs do): stored as the WhatsApp media job stores them.
      storeFile({ organizationId: id, kind: "whatsapp_media", contentType: "image/jpeg", body: randomBytes(64), maxBytes: 1024 }),
    ]);
    const noteId = await newNote(sql, as.member, slug, id, lead.id);
    await openConversation(sql, id, lead.id, connection.connectionId);
    const callId = await endedCall(sql, id, lead.id);
    const summaryId = await newSummary(sql, id, lead.id);
    const requestId = await newPrivacyRequest(sql, owner, slug, id, lead.id);
    const failedRequestId = await failedPrivacyRequest(sql, id, lead.id);
    const deletedOrganizationId = await deletedOrganization(sql, id);
    return {
      slug,
      leadId: lead.id,
      version: lead.version,
      stageId,
      otherStageId,
      memberId: person.memberId,
      email: person.email,
      ...invited,
      ...connection,
      ...twilio,
      noteId,
      fileId: file.id,
      callId,
      summaryId,
      requestId,
      failedRequestId,
      deletedOrganizationId,
    };
  };
  return {
    id,
    slug,
    passwordHash: org.passwordHash,
    as,
    ids: await targets(stages[0].id, stages[1].id),
    fresh: async () => targets(await newStage(sql, owner, slug, id), stages[1].id),
  };
}

/** An organization of the owner's, deleted just now: restorable from their account page. */
async function deletedOrganization(sql: Sql, orgId: string) {
  const id = randomUUID();
  await sql(
    `insert into organizations (id, name, slug, deleted_at, purge_after, created_at, updated_at)
     values ($1, 'Excluída', 'excluida-' || substr(md5(random()::text), 1, 10), now(), now() + interval '30 days', now(), now())`,
    [id],
  );
  await sql(
    `insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at)
     select gen_random_uuid(), $1, user_id, 'owner', now(), now() from organization_members where organization_id = $2 and role = 'owner'`,
    [id, orgId],
  );
  return id;
}

/** A fresh database and server with two organizations, each with a signed-in member of every role. */
export function useSecurityWorld(): World {
  const db = useTestDatabase();
  const server = useTestServer();
  let pool: pg.Pool | undefined;
  const world = {
    db,
    server,
    sql: async (text, params) => (await (pool ??= new pg.Pool({ connectionString: db.superuserUrl, max: 2 })).query(text, params)).rows,
  } as World;
  afterAll(() => pool?.end());
  beforeAll(async () => {
    [world.a, world.b] = await Promise.all([buildOrg(world, "Alvo"), buildOrg(world, "Borda")]);
  });
  return world;
}

// Not `lead_visits`: opening a lead page (a GET) writes the reader's own visit, by design.
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
  "stored_files",
  "audit_logs",
  "realtime_events",
  "whatsapp_connections",
  "whatsapp_phone_numbers",
  "whatsapp_templates",
  "twilio_connections",
  "ai_summaries",
  "ai_usage",
  "retention_policies",
  "retention_runs",
  "privacy_requests",
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
export async function fingerprint(world: World, withPresence = true): Promise<Record<Table, string>> {
  const digest = (table: string) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${table} t)`;
  const [row] = await world.sql<Record<string, string>>(`select ${TABLES.map((t, i) => `${digest(t)} as t${i}`).join(", ")}`);
  const tables = Object.fromEntries(TABLES.map((t, i) => [t, row[`t${i}`]]));
  const presence = withPresence ? (await Promise.all([dragging(world, world.a), dragging(world, world.b)])).join() : "";
  return { ...tables, presence } as Record<Table, string>;
}

/** Whether a route's intents touch the drag locks (so a fingerprint must read them, over a stream). */
export const keepsPresence = (route: Route) => route.intents.some((intent) => intent.writes.includes("presence"));

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

/**
 * A client for which this request would succeed, but for the attack under
 * test: a signed-out visitor for the signed-out forms, a throwaway session
 * where the request ends or re-points it, A's owner (every permission) for
 * organization routes.
 */
export async function actorFor(world: World, route: Route, intent: Intent, ids: Ids): Promise<TestClient> {
  const fresh = new TestClient(world.server);
  if (route.access === "anonymous" || intent.name === "register") return fresh;
  if (route.module === "invites.$token.tsx") {
    // The invited person, who already has an account (in another organization) but is not yet a member of the inviting one.
    const [existing] = await world.sql<{ id: string }>("select id from users where email = $1", [ids.inviteEmail]);
    return sessionFor(world, existing?.id ?? (await addPerson(world.sql, world.b, "member", ids.inviteEmail)).userId);
  }
  // Deleting an account ends it: a throwaway member of B, who owns nothing.
  if (intent.name === "delete-account") return sessionFor(world, (await addPerson(world.sql, world.b, "member")).userId);
  if (route.access === "public") {
    const [{ id }] = await world.sql<{ id: string }>("select id from users where email = $1", [ids.email]);
    return sessionFor(world, id);
  }
  return world.a.as[intent.by ?? "owner"];
}

export type Body = { form: Record<string, string> } | { raw: string; contentType: string };

/** Posts a body to a route's URL for these ids; the Origin is the server's own unless told otherwise. */
export function send(client: TestClient, route: Route, ids: Ids, body: Body, options: { origin?: string | null; headers?: Record<string, string> } = {}) {
  const init = "form" in body ? { form: body.form } : { body: body.raw, headers: { "content-type": body.contentType } };
  return client.request(urlOf(route, ids), { method: "POST", ...init, origin: options.origin, headers: { ...("headers" in init ? init.headers : {}), ...options.headers } });
}

/** An answer that did what was asked: 2xx or a redirect. */
export const succeeded = (response: TestResponse) => response.status < 400;
