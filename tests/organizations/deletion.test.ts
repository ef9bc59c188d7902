import { randomUUID } from "node:crypto";
import { quickAddJob } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORGANIZATION_GRACE_DAYS } from "~/modules/organizations/delete-organization.server";
import { createLead } from "~/modules/leads/create-lead.server";
import { closeRealtime } from "~/modules/realtime/realtime.server";
import { addNote } from "~/modules/timeline/add-note.server";
import { createInvite } from "~/modules/invites/create-invite.server";
import { inviteTokenFor } from "~/modules/invites/invite-token.server";
import { TestClient } from "../support/client";
import { days, useTestClock } from "../support/clock";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { stagesOf } from "../board/support";
import { aFile, objectKeys } from "../files/support";
import { openStream } from "../realtime/helpers";
import { createTwilioConnection, postTwilio, callSid, aMobile, type TestTwilioConnection } from "../twilio/support";
import { createConnection, messageBody, nowSeconds, postWebhook, runJobs, uniqueDigits, wamid, type TestConnection } from "../whatsapp/support";
import { aTeamOrganization, rowsPerTable, userIdOf } from "./support";

const PEOPLE = { owner: "owner@aurora.test", manager: "manager@aurora.test", rep: "rep@aurora.test", viewer: "viewer@aurora.test" } as const;
type Person = keyof typeof PEOPLE;

/**
 * One organization ("Cinzas", the demo cast in every role) is deleted,
 * restored, deleted again and purged; aurora, where the same people also
 * work, is the organization that must not notice. The steps build on each
 * other, in order.
 */
describe("deleting an organization", () => {
  const clock = useTestClock();
  const db = useTestDatabase();
  const server = useTestServer();
  afterAll(() => closeRealtime());
  const clients = {} as Record<Person, TestClient>;
  let cinzas: { id: string; slug: string };
  let auroraId = "";
  let leadId = "";
  let whatsapp: TestConnection;
  let twilio: TestTwilioConnection;
  let auroraFileKey = "";
  let inviteToken = "";
  let communications = 0;

  const page = (slug: string) => `/o/${slug}/settings/organization`;
  const deletedAt = async () =>
    (await db.adminQuery<{ deleted_at: Date | null; purge_after: Date | null; deleted_by: string | null }>(
      "select deleted_at, purge_after, deleted_by from organizations where id = $1",
      [cinzas.id],
    ))[0];
  const audit = (action: string) =>
    db.adminQuery<{ actor_id: string }>("select actor_id from audit_logs where organization_id = $1 and action = $2 order by created_at", [cinzas.id, action]);
  const inboxRows = async () => (await rowsPerTable(db, cinzas.id)).webhook_inbox ?? 0;
  const communicationRows = async () => (await rowsPerTable(db, cinzas.id)).communications;
  /** Jobs kept for a restore: deferred and flagged with the organization (the public view shows flags, not payloads). */
  const keptJobs = () =>
    db.adminQuery<{ task_identifier: string }>(
      "select task_identifier from graphile_worker.jobs where flags ? $1 order by task_identifier",
      [`organization-deleted:${cinzas.id}`],
    );
  const signedMessage = () =>
    messageBody(whatsapp.numbers[0], { from: "5511988887777", id: wamid(), timestamp: nowSeconds(), type: "text", text: { body: "Oi" } }, { waId: "5511988887777", name: "Cliente" });

  beforeAll(async () => {
    [{ id: auroraId }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'aurora'");
    cinzas = await aTeamOrganization(db, "Cinzas Comunicação");
    for (const [name, email] of Object.entries(PEOPLE) as [Person, string][]) {
      clients[name] = new TestClient(server);
      await clients[name].login(email);
    }
    // Something in as many tables as a working organization fills: leads, timeline, files, connections, inbox, jobs, events, audit.
    const repId = await userIdOf(db, PEOPLE.rep);
    const [stage] = await stagesOf(db, cinzas.id);
    const created = await createLead({ organizationId: cinzas.id, user: { id: repId, fullName: "Camila Nogueira" } }, { stageId: stage.id, fullName: "Lead Cinzas", phone: null, company: null, estimatedValue: null });
    leadId = created.id;
    await addNote({ organizationId: cinzas.id, userId: repId, userName: "Camila Nogueira" }, { leadId, content: "Nota da Cinzas" });
    await aFile(cinzas.id);
    await aFile(cinzas.id, { kind: "call_recording" });
    const auroraFile = await aFile(auroraId);
    auroraFileKey = `org/${auroraId}/whatsapp_media/${auroraFile.id}`;
    whatsapp = await createConnection(db, cinzas.id);
    twilio = await createTwilioConnection(db, cinzas.id);
    expect((await postWebhook(server.url, whatsapp, signedMessage())).status).toBe(200);
    await runJobs(db);
  });

  it("answers the page and the deletion only to owners (403 for every other role), and changes nothing then", async () => {
    expect((await clients.owner.get(page(cinzas.slug))).status).toBe(200);
    for (const name of ["manager", "rep", "viewer"] as const) {
      expect((await clients[name].get(page(cinzas.slug))).status, name).toBe(403);
      const response = await clients[name].post(page(cinzas.slug), { intent: "delete-organization", confirmSlug: cinzas.slug });
      expect(response.status, name).toBe(403);
    }
    expect(await deletedAt()).toEqual({ deleted_at: null, purge_after: null, deleted_by: null });
    expect(await audit("organization.deleted")).toEqual([]);
  });

  it("refuses a confirmation that is not the slug (422) or missing (400), and changes nothing", async () => {
    const wrong = await clients.owner.post(page(cinzas.slug), { intent: "delete-organization", confirmSlug: "aurora" });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain("não é o endereço desta organização");
    const missing = await clients.owner.post(page(cinzas.slug), { intent: "delete-organization" });
    expect(missing.status).toBe(400);
    expect(await deletedAt()).toEqual({ deleted_at: null, purge_after: null, deleted_by: null });
    expect((await clients.rep.get(`/o/${cinzas.slug}/board`)).status).toBe(200);
  });

  it("disables it at once: every role is refused (pages, API, streams), its open streams close, aurora is untouched", async () => {
    const stream = await openStream(server.url, clients.rep, cinzas.slug);
    expect(stream.status).toBe(200);
    // Queued, not yet worked, when the deletion lands: an inbound message and an invitation's e-mail.
    communications = await communicationRows();
    expect((await postWebhook(server.url, whatsapp, signedMessage())).status).toBe(200);
    const ownerId = await userIdOf(db, PEOPLE.owner);
    const invite = await createInvite({ organizationId: cinzas.id, userId: ownerId, role: "owner", meta: { ipAddress: "203.0.113.9", userAgent: "deletion-test" } }, { email: `convidada-${randomUUID()}@example.test`, role: "member" });
    inviteToken = inviteTokenFor(invite.id);
    const before = clock.now().getTime();
    const response = await clients.owner.post(page(cinzas.slug), { intent: "delete-organization", confirmSlug: cinzas.slug });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/account?organizationDeleted");

    await stream.ended;
    expect(stream.endedByServer).toBe(true);
    const row = await deletedAt();
    expect(row.deleted_by).toBe(await userIdOf(db, PEOPLE.owner));
    expect(row.deleted_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.purge_after!.getTime() - row.deleted_at!.getTime()).toBe(days(ORGANIZATION_GRACE_DAYS));
    expect(await audit("organization.deleted")).toEqual([{ actor_id: await userIdOf(db, PEOPLE.owner) }]);

    for (const name of Object.keys(PEOPLE) as Person[]) {
      for (const path of ["/board", `/leads/${leadId}`, "/board/cards?stageId=x", "/events", "/settings/members", "/settings/organization"]) {
        expect((await clients[name].get(`/o/${cinzas.slug}${path}`)).status, `${name} ${path}`).toBe(410);
      }
      const post = await clients[name].post(`/o/${cinzas.slug}/board`, { intent: "create", stageId: randomUUID(), fullName: "Novo" });
      expect(post.status, name).toBe(410);
      expect((await clients[name].get("/o/aurora/board")).status, name).toBe(200);
    }
    // Owners are told until when and where to restore it; the others only that it is gone.
    const ownerView = await clients.owner.get(`/o/${cinzas.slug}/board`);
    expect(ownerView.body).toContain('href="/account"');
    expect((await clients.rep.get(`/o/${cinzas.slug}/board`)).body).not.toContain('href="/account"');
    const switcher = await clients.owner.get("/o/aurora/board");
    expect(switcher.body).not.toContain(`/o/${cinzas.slug}/board`);
    const account = await clients.owner.get("/account");
    expect(account.body).toContain(`data-organization-id="${cinzas.id}"`);
    expect((await clients.rep.get("/account")).body).not.toContain(`data-organization-id="${cinzas.id}"`);
    // Disabled, not yet removed: the lead made by hand and the one the WhatsApp message made are still there.
    expect(await rowsPerTable(db, cinzas.id)).toMatchObject({ leads: 2 });
  });

  it("answers its webhook URLs 410 before any other check: signed, forged or unsigned, nothing is stored", async () => {
    const inbox = await inboxRows();
    expect((await postWebhook(server.url, whatsapp, signedMessage())).status).toBe(410);
    expect((await postWebhook(server.url, whatsapp, signedMessage(), { secret: "forjado" })).status).toBe(410);
    expect((await postWebhook(server.url, whatsapp, signedMessage(), { secret: null })).status).toBe(410);
    expect((await postWebhook(server.url, whatsapp, null, { raw: Buffer.from("não é json") , secret: null })).status).toBe(410);
    const verify = await fetch(`${server.url}/webhooks/whatsapp/${whatsapp.key}?hub.mode=subscribe&hub.verify_token=${whatsapp.verifyToken}&hub.challenge=123`);
    expect(verify.status).toBe(410);
    const call = { CallSid: callSid(), From: aMobile(), To: twilio.number, CallStatus: "ringing", Direction: "inbound" };
    expect((await postTwilio(server.url, twilio, "voice", call)).status).toBe(410);
    expect((await postTwilio(server.url, twilio, "voice", call, { signature: null })).status).toBe(410);
    expect((await postTwilio(server.url, twilio, "status", call, { token: "forjado" })).status).toBe(410);
    expect(await inboxRows()).toBe(inbox);
    // Work queued for it does nothing while it is deleted, and is kept for a restore.
    await runJobs(db);
    expect(await communicationRows()).toBe(communications);
    expect(await keptJobs()).toEqual([{ task_identifier: "invite__send_email" }, { task_identifier: "whatsapp__process_webhook" }]);
    // A key that names nothing is still 404, as before.
    expect((await postWebhook(server.url, { key: `x${uniqueDigits(20)}`, appSecret: "x" }, signedMessage())).status).toBe(404);
  });

  it("shows its pending invitations as unavailable and refuses to accept them: nobody joins it while it is deleted", async () => {
    const guest = new TestClient(server);
    const invitePage = await guest.get(`/invites/${inviteToken}`);
    expect(invitePage.status).toBe(200);
    expect(invitePage.body).toContain("Este convite não está mais disponível.");
    expect(invitePage.body).not.toContain("Criar conta e entrar");
    const members = (await rowsPerTable(db, cinzas.id)).organization_members;
    const register = await guest.post(`/invites/${inviteToken}`, { intent: "register", name: "Nova Convidada", password: "senha-bem-segura-1" });
    expect(register.status).not.toBe(302);
    expect(guest.cookies.has("__session")).toBe(false);
    expect((await rowsPerTable(db, cinzas.id)).organization_members).toBe(members);
    expect(await audit("invite.accepted")).toEqual([]);
  });

  it("refuses to keep a deletion date without a deletion, or the reverse", async () => {
    await expect(db.adminQuery("update organizations set purge_after = null where id = $1", [cinzas.id])).rejects.toThrow(/organizations_deletion_check/);
  });

  it("is restored by an owner within the grace period (29 days later), and access comes back", async () => {
    clock.advance(days(29));
    const byRep = await clients.rep.post("/account", { intent: "restore-organization", organizationId: cinzas.id });
    expect(byRep.status).toBe(403);
    const restored = await clients.owner.post("/account", { intent: "restore-organization", organizationId: cinzas.id });
    expect(restored.status).toBe(302);
    expect(await deletedAt()).toEqual({ deleted_at: null, purge_after: null, deleted_by: null });
    expect(await audit("organization.restored")).toHaveLength(1);
    for (const name of Object.keys(PEOPLE) as Person[]) expect((await clients[name].get(`/o/${cinzas.slug}/board`)).status, name).toBe(200);
    expect((await postWebhook(server.url, whatsapp, signedMessage(), { secret: null })).status).toBe(401);
    // The work kept while it was deleted runs now: the message reaches the timeline, the invitation's e-mail goes.
    await runJobs(db);
    expect(await keptJobs()).toEqual([]);
    expect(await communicationRows()).toBe(communications + 1);
    expect(await db.adminQuery("select id from graphile_worker.jobs where task_identifier in ('whatsapp__process_webhook', 'invite__send_email')")).toEqual([]);
  });

  it("answers a malformed restore with an error the page shows", async () => {
    const response = await clients.owner.post("/account", { intent: "restore-organization", organizationId: "não-é-um-id" });
    expect(response.status).toBe(400);
    expect(response.body).toContain("Recarregue a página");
  });

  it("restoring an organization that is not deleted changes nothing and says nothing was restored", async () => {
    const response = await clients.owner.post("/account", { intent: "restore-organization", organizationId: cinzas.id });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/account");
    expect(await audit("organization.restored")).toHaveLength(1);
  });

  it("after the grace period refuses the restore, and the purge removes every row, job and object, and only its own", async () => {
    expect((await clients.owner.post(page(cinzas.slug), { intent: "delete-organization", confirmSlug: cinzas.slug })).status).toBe(302);
    const helper = { connectionString: db.ownerUrl };
    // Queued after the deletion: kept (deferred) by the worker, then removed by the purge.
    await quickAddJob(helper, "whatsapp__sync_templates", { organizationId: cinzas.id, connectionId: whatsapp.id });
    await runJobs(db);
    expect(await keptJobs()).toEqual([{ task_identifier: "whatsapp__sync_templates" }]);
    await quickAddJob(helper, "whatsapp__sync_templates", { organizationId: auroraId, connectionId: randomUUID() }, { runAt: new Date(Date.now() + days(365)) });
    const filled = await rowsPerTable(db, cinzas.id);
    for (const table of ["leads", "communications", "stored_files", "whatsapp_connections", "twilio_connections", "webhook_inbox", "audit_logs", "organization_members", "pipeline_stages"]) {
      expect(filled[table], table).toBeGreaterThan(0);
    }
    expect(await objectKeys(cinzas.id)).toHaveLength(2);
    const aurora = await rowsPerTable(db, auroraId);

    // A purge on a machine whose clock runs ahead claimed it: no restore from then on, even within the grace period.
    await db.adminQuery("update organizations set purging_at = now() where id = $1", [cinzas.id]);
    const claimed = await clients.owner.post("/account", { intent: "restore-organization", organizationId: cinzas.id });
    expect(claimed.status).toBe(409);
    expect((await deletedAt()).deleted_at).not.toBeNull();

    clock.advance(days(ORGANIZATION_GRACE_DAYS + 1));
    const late = await clients.owner.post("/account", { intent: "restore-organization", organizationId: cinzas.id });
    expect(late.status).toBe(409);
    expect((await deletedAt()).deleted_at).not.toBeNull();

    await quickAddJob(helper, "organization__purge_deleted", {});
    await runJobs(db);
    expect(await db.adminQuery("select last_error from graphile_worker.jobs where task_identifier = 'organization__purge_deleted'")).toEqual([]);
    expect(await db.adminQuery("select id from organizations where id = $1", [cinzas.id])).toEqual([]);
    const left = await rowsPerTable(db, cinzas.id);
    expect(Object.entries(left).filter(([, count]) => count > 0)).toEqual([]);
    expect(await objectKeys(cinzas.id)).toEqual([]);
    const jobs = await db.adminQuery<{ organization: string }>(
      `select j.payload->>'organizationId' as organization from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'whatsapp__sync_templates'`,
    );
    expect(jobs).toEqual([{ organization: auroraId }]);
    expect(await rowsPerTable(db, auroraId)).toEqual(aurora);
    expect(await objectKeys(auroraId)).toContain(auroraFileKey);
    expect((await clients.owner.get("/o/aurora/board")).status).toBe(200);
    expect((await clients.owner.get(`/o/${cinzas.slug}/board`)).status).toBe(404);

    // Run again: nothing left to do.
    await quickAddJob(helper, "organization__purge_deleted", {});
    await runJobs(db);
    expect(await db.adminQuery("select last_error from graphile_worker.jobs where task_identifier = 'organization__purge_deleted'")).toEqual([]);
  });
  it("purges the other organizations when one fails, and the run still fails so it is seen", async () => {
    const failing = await aTeamOrganization(db, "Falha Ltda");
    const fine = await aTeamOrganization(db, "Certa Ltda");
    for (const { id } of [failing, fine]) {
      await db.adminQuery("update organizations set deleted_at = now() - interval '40 days', purge_after = now() - interval '10 days' where id = $1", [id]);
    }
    await db.adminQuery(`create function refuse_purge() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
    await db.adminQuery(`create trigger refuse_purge before delete on organizations for each row when (old.id = '${failing.id}') execute function refuse_purge()`);
    try {
      await quickAddJob({ connectionString: db.ownerUrl }, "organization__purge_deleted", {});
      await runJobs(db);
      expect(await db.adminQuery("select id from organizations where id = $1", [fine.id])).toEqual([]);
      expect(await db.adminQuery("select id from organizations where id = $1", [failing.id])).toEqual([{ id: failing.id }]);
      const [run] = await db.adminQuery<{ last_error: string }>("select last_error from graphile_worker.jobs where task_identifier = 'organization__purge_deleted'");
      expect(run.last_error).toContain("1 deleted organization(s) were not purged");
    } finally {
      await db.adminQuery("drop trigger refuse_purge on organizations; drop function refuse_purge()");
      await db.adminQuery("select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs where task_identifier = 'organization__purge_deleted'))");
    }
  });
});
