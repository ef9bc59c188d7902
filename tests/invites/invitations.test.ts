import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Logger, runOnce } from "graphile-worker";
import { beforeAll, describe, expect, it } from "vitest";
import { taskList } from "@worker/task-list";
import { markupOf, TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

const quietLogger = new Logger(() => () => {});
const USER_AGENT = "invitations-test/1.0";
const MEMBERS = "/o/aurora/settings/members";

/** Quoted-printable, fully: soft line breaks, then =XX bytes decoded as UTF-8. */
function decodeQuotedPrintable(raw: string) {
  const joined = raw.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

interface Mail {
  file: string;
  raw: string;
  text: string;
  to: string | null;
  links: string[];
}

interface InviteRow {
  id: string;
  email: string;
  role: string;
  status: string;
  token_hash: string;
  expires_at: Date;
  sent_count: number;
  accepted_at: Date | null;
  accepted_by_id: string | null;
}

describe("invitations", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let owner: TestClient;
  let auroraId = "";
  let ownerId = "";

  const outboxDir = () => path.join(db.dataDir, "outbox");
  const seenMail = new Set<string>();

  /** E-mails written since the last call. */
  async function newMail(): Promise<Mail[]> {
    const files = (await readdir(outboxDir()).catch(() => [] as string[])).filter((f) => f.endsWith(".eml")).sort();
    const fresh = files.filter((f) => !seenMail.has(f));
    const mails: Mail[] = [];
    for (const file of fresh) {
      seenMail.add(file);
      const raw = await readFile(path.join(outboxDir(), file), "utf8");
      const text = decodeQuotedPrintable(raw);
      mails.push({
        file,
        raw,
        text,
        to: /^To: (.+)$/m.exec(raw)?.[1]?.trim() ?? null,
        links: [...text.matchAll(/http:\/\/localhost:3000\/invites\/([A-Za-z0-9_-]+)/g)].map((m) => m[0]),
      });
    }
    return mails;
  }

  /** Runs the queued jobs once, as the worker process would. */
  async function work() {
    await runOnce({ connectionString: db.ownerUrl, taskList, logger: quietLogger, noHandleSignals: true });
  }

  const post = (client: TestClient, pathname: string, form: Record<string, string>) =>
    client.request(pathname, { form, headers: { "user-agent": USER_AGENT } });

  const inviteRows = (email: string) =>
    db.adminQuery<InviteRow>(
      "select id, email, role, status, token_hash, expires_at, sent_count, accepted_at, accepted_by_id from organization_invites where email = $1",
      [email],
    );

  const jobsFor = (inviteId: string) =>
    db.adminQuery<{ id: string; task_identifier: string; attempts: number }>(
      "select id::text, task_identifier, attempts from graphile_worker.jobs where key = $1",
      [`invite__send_email:${inviteId}`],
    );

  const membershipsOf = (email: string) =>
    db.adminQuery<{ slug: string; role: string }>(
      `select o.slug, m.role from organization_members m
         join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
        where u.email = $1 order by o.slug`,
      [email],
    );

  /** Owner invites through the members page, the worker sends the mail, the link comes back. */
  async function inviteAndGetLink(email: string, role: string) {
    const response = await post(owner, MEMBERS, { intent: "invite", email, role });
    expect(response.status).toBe(200);
    await work();
    const mails = (await newMail()).filter((m) => m.to === email);
    expect(mails).toHaveLength(1);
    const [link] = mails[0].links;
    expect(link).toBeDefined();
    const [invite] = await inviteRows(email);
    return { link, token: link.split("/").pop()!, path: new URL(link).pathname, invite };
  }

  beforeAll(async () => {
    const [org] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'aurora'");
    auroraId = org.id;
    const [user] = await db.adminQuery<{ id: string }>("select id from users where email = 'owner@aurora.test'");
    ownerId = user.id;
    owner = new TestClient(server);
    await owner.login("owner@aurora.test");
  });

  it("invites a new person end to end: e-mail, link, registration, membership, audit", async () => {
    const email = "nova@agencia.test";
    const response = await post(owner, MEMBERS, { intent: "invite", email, role: "manager" });
    expect(response.status).toBe(200);
    expect(response.body).toContain(`Convite enviado para ${email}.`);

    const invites = await inviteRows(email);
    expect(invites).toHaveLength(1);
    const [invite] = invites;
    expect(invite).toMatchObject({ status: "pending", role: "manager", sent_count: 1 });
    expect(invite.expires_at.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);

    const jobs = await db.adminQuery<{ task_identifier: string; key: string }>(
      "select task_identifier, key from graphile_worker.jobs where task_identifier = 'invite__send_email'",
    );
    expect(jobs).toEqual([{ task_identifier: "invite__send_email", key: `invite__send_email:${invite.id}` }]);

    await work();
    expect(await jobsFor(invite.id)).toHaveLength(0);
    const mails = await newMail();
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.to).toBe(email);
    expect(mail.text).toContain("Agência Aurora");
    expect(mail.text).toContain("Helena Duarte");
    expect(mail.links.length).toBeGreaterThan(0);
    // Text and HTML parts carry the same link.
    expect(new Set(mail.links).size).toBe(1);
    const token = mail.links[0].split("/").pop()!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,100}$/);

    // Only the hash is stored; the raw token is nowhere in the database (tables, queue payloads).
    expect(invite.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    const tables = await db.adminQuery<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables
        where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toContain("organization_invites");
    for (const table of tables) {
      const [{ count }] = await db.adminQuery<{ count: string }>(
        `select count(*)::text as count from "${table.schema}"."${table.name}" t where t::text like $1`,
        [`%${token}%`],
      );
      expect(Number(count), `${table.schema}.${table.name} holds the raw token`).toBe(0);
    }

    const guest = new TestClient(server);
    const page = await guest.get(`/invites/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Agência Aurora");
    expect(page.body).toContain(email);
    expect(page.body).toContain("Gerente");
    expect(page.body).toContain("Criar conta e entrar");

    const registered = await post(guest, `/invites/${token}`, { intent: "register", name: "Nova Pereira", password: "senha-bem-segura-1" });
    expect(registered.status).toBe(302);
    expect(registered.location).toBe("/o/aurora/board");
    expect(guest.cookies.has("__session")).toBe(true);

    const board = await guest.get("/o/aurora/board");
    expect(board.status).toBe(200);
    expect(board.body).toContain("data-stage-id");

    const [user] = await db.adminQuery<{ id: string; full_name: string; email_verified: boolean }>(
      "select id, full_name, email_verified from users where email = $1",
      [email],
    );
    expect(user).toMatchObject({ full_name: "Nova Pereira", email_verified: true });
    expect(await membershipsOf(email)).toEqual([{ slug: "aurora", role: "manager" }]);

    const [accepted] = await inviteRows(email);
    expect(accepted.status).toBe("accepted");
    expect(accepted.accepted_by_id).toBe(user.id);
    expect(accepted.accepted_at).not.toBeNull();

    const again = await new TestClient(server).get(`/invites/${token}`);
    expect(again.status).toBe(200);
    expect(again.body).toContain("já foi aceito");
    expect(markupOf(again.body)).not.toContain("Criar conta e entrar");

    const audit = await db.adminQuery<{ action: string; actor_id: string; organization_id: string; ip_address: string | null; user_agent: string | null; changes: { after?: Record<string, unknown> } }>(
      "select action, actor_id, organization_id, ip_address, user_agent, changes from audit_logs where resource_id = $1 order by created_at",
      [invite.id],
    );
    expect(audit.map((a) => a.action)).toEqual(["invite.created", "invite.accepted"]);
    const [created, acceptedLog] = audit;
    expect(created).toMatchObject({ actor_id: ownerId, organization_id: auroraId, user_agent: USER_AGENT });
    expect(created.changes.after).toMatchObject({ email, role: "manager" });
    expect(acceptedLog).toMatchObject({ actor_id: user.id, organization_id: auroraId, user_agent: USER_AGENT });
    for (const entry of audit) expect(entry.ip_address).toMatch(/127\.0\.0\.1/);
  });

  it("refuses a revoked invitation: the page says so and accepting or registering gives 409", async () => {
    const email = "revogado@agencia.test";
    const { path: link, invite } = await inviteAndGetLink(email, "member");

    const revoked = await post(owner, MEMBERS, { intent: "revoke-invite", inviteId: invite.id });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toContain("Convite revogado.");
    expect((await inviteRows(email))[0].status).toBe("revoked");
    const [audit] = await db.adminQuery<{ actor_id: string }>(
      "select actor_id from audit_logs where action = 'invite.revoked' and resource_id = $1",
      [invite.id],
    );
    expect(audit.actor_id).toBe(ownerId);

    const guest = new TestClient(server);
    const page = await guest.get(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Este convite foi revogado.");
    expect(markupOf(page.body)).not.toContain("Criar conta e entrar");

    const register = await post(guest, link, { intent: "register", name: "Revogada Silva", password: "senha-bem-segura-1" });
    expect(register.status).toBe(409);
    expect(guest.cookies.has("__session")).toBe(false);
    expect(await db.adminQuery("select 1 from users where email = $1", [email])).toHaveLength(0);

    // Someone signed in (and not in aurora) cannot use it either.
    const other = new TestClient(server);
    await other.login("owner@boreal.test");
    const accept = await post(other, link, { intent: "accept" });
    expect(accept.status).toBe(409);
    expect(await membershipsOf("owner@boreal.test")).toEqual([{ slug: "boreal", role: "owner" }]);
    expect((await inviteRows(email))[0].status).toBe("revoked");

    // Nothing left to revoke or resend.
    expect((await post(owner, MEMBERS, { intent: "revoke-invite", inviteId: invite.id })).status).toBe(404);
    expect((await post(owner, MEMBERS, { intent: "resend-invite", inviteId: invite.id })).status).toBe(404);
  });

  it("resends: counts the send, pushes the expiry forward, and keeps a single pending job", async () => {
    const email = "reenvio@agencia.test";
    const created = await post(owner, MEMBERS, { intent: "invite", email, role: "member" });
    expect(created.status).toBe(200);
    const [invite] = await inviteRows(email);
    expect(invite.sent_count).toBe(1);
    expect(await jobsFor(invite.id)).toHaveLength(1);

    // Bring the expiry close so "moved forward" is unambiguous.
    await db.adminQuery("update organization_invites set expires_at = now() + interval '1 day' where id = $1", [invite.id]);
    const [{ expires_at: before }] = await inviteRows(email);

    for (const expected of [2, 3]) {
      const resent = await post(owner, MEMBERS, { intent: "resend-invite", inviteId: invite.id });
      expect(resent.status).toBe(200);
      expect(resent.body).toContain("Convite reenviado.");
      const [row] = await inviteRows(email);
      expect(row.sent_count).toBe(expected);
      expect(row.status).toBe("pending");
      expect(row.expires_at.getTime()).toBeGreaterThan(before.getTime() + 5 * 24 * 3600 * 1000);
      expect(row.token_hash).toBe(invite.token_hash);
    }
    // The invite plus two quick resends: one pending job (job_key dedupes), one e-mail.
    expect(await jobsFor(invite.id)).toHaveLength(1);
    await work();
    const mails = (await newMail()).filter((m) => m.to === email);
    expect(mails).toHaveLength(1);
    expect(createHash("sha256").update(mails[0].links[0].split("/").pop()!).digest("hex")).toBe(invite.token_hash);

    // Once sent, a later resend queues a new job.
    expect(await jobsFor(invite.id)).toHaveLength(0);
    expect((await post(owner, MEMBERS, { intent: "resend-invite", inviteId: invite.id })).status).toBe(200);
    expect(await jobsFor(invite.id)).toHaveLength(1);
    expect((await inviteRows(email))[0].sent_count).toBe(4);

    const audit = await db.adminQuery<{ action: string }>(
      "select action from audit_logs where resource_id = $1 order by created_at",
      [invite.id],
    );
    expect(audit.map((a) => a.action)).toEqual(["invite.created", "invite.resent", "invite.resent", "invite.resent"]);
  });

  it("refuses an expired invitation", async () => {
    const email = "expirado@agencia.test";
    const { path: link, invite } = await inviteAndGetLink(email, "member");
    await db.adminQuery("update organization_invites set expires_at = now() - interval '1 minute' where id = $1", [invite.id]);

    const guest = new TestClient(server);
    const page = await guest.get(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Este convite expirou.");
    expect(markupOf(page.body)).not.toContain("Criar conta e entrar");

    const register = await post(guest, link, { intent: "register", name: "Expirada Souza", password: "senha-bem-segura-1" });
    expect(register.status).toBe(409);
    expect(register.body).toContain("expirou");
    expect(await db.adminQuery("select 1 from users where email = $1", [email])).toHaveLength(0);

    const other = new TestClient(server);
    await other.login("owner@boreal.test");
    expect((await post(other, link, { intent: "accept" })).status).toBe(409);
    expect(await membershipsOf("owner@boreal.test")).toEqual([{ slug: "boreal", role: "owner" }]);
    expect((await inviteRows(email))[0].status).toBe("pending");
  });

  it("answers 404 for unknown and malformed tokens", async () => {
    const guest = new TestClient(server);
    const unknown = randomBytes(32).toString("base64url");
    expect((await guest.get(`/invites/${unknown}`)).status).toBe(404);
    expect((await guest.get("/invites/abc")).status).toBe(404);
    expect((await guest.get(`/invites/${"x".repeat(120)}`)).status).toBe(404);
    expect((await guest.get("/invites/not%20a%20token%21%21%21%21%21%21%21%21%21%21%21")).status).toBe(404);
    const register = await post(guest, `/invites/${unknown}`, { intent: "register", name: "Ninguém", password: "senha-bem-segura-1" });
    expect(register.status).toBe(404);
    expect(guest.cookies.has("__session")).toBe(false);
  });

  it("refuses to invite someone who is already a member", async () => {
    const response = await post(owner, MEMBERS, { intent: "invite", email: "rep@aurora.test", role: "viewer" });
    expect(response.status).toBe(409);
    expect(response.body).toContain("Esta pessoa já é membro da organização.");
    expect(await inviteRows("rep@aurora.test")).toHaveLength(0);
  });

  it("does not let a manager invite (no members:invite)", async () => {
    const manager = new TestClient(server);
    await manager.login("manager@aurora.test");
    const response = await post(manager, MEMBERS, { intent: "invite", email: "by-manager@agencia.test", role: "viewer" });
    expect(response.status).toBe(403);
    expect(await inviteRows("by-manager@agencia.test")).toHaveLength(0);
  });

  it("does not let an admin invite an owner, but lets them invite up to admin", async () => {
    const [viewer] = await db.adminQuery<{ id: string }>(
      "select m.id from organization_members m join users u on u.id = m.user_id where u.email = 'viewer@aurora.test'",
    );
    const promoted = await post(owner, MEMBERS, { intent: "change-role", memberId: viewer.id, role: "admin" });
    expect(promoted.status).toBe(200);

    const admin = new TestClient(server);
    await admin.login("viewer@aurora.test");
    const refused = await post(admin, MEMBERS, { intent: "invite", email: "future-owner@agencia.test", role: "owner" });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain("Você não pode convidar alguém com um papel acima do seu.");
    expect(await inviteRows("future-owner@agencia.test")).toHaveLength(0);

    const allowed = await post(admin, MEMBERS, { intent: "invite", email: "future-admin@agencia.test", role: "admin" });
    expect(allowed.status).toBe(200);
    expect(await inviteRows("future-admin@agencia.test")).toMatchObject([{ role: "admin", status: "pending" }]);
  });

  // Last: it makes owner@boreal.test a member of aurora, which the tests above rely on not being the case.
  it("lets an existing account sign in and accept, ending up in two organizations", async () => {
    const email = "owner@boreal.test";
    const { path: link, invite } = await inviteAndGetLink(email, "member");

    const client = new TestClient(server);
    const page = await client.get(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Entrar e aceitar");
    expect(page.body).toContain(`/login?redirectTo=${encodeURIComponent(link)}`);
    expect(markupOf(page.body)).not.toContain("Criar conta e entrar");

    // Accepting while signed out sends to the login page and back.
    const anonymous = await post(client, link, { intent: "accept" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe(`/login?${new URLSearchParams({ redirectTo: link })}`);
    // Registering a second account for the same e-mail is refused.
    const duplicate = await post(client, link, { intent: "register", name: "Bruno Outro", password: "senha-bem-segura-1" });
    expect(duplicate.status).toBe(409);

    const login = await client.post("/login", { email, password: "aurora-demo-2026", redirectTo: link });
    expect(login.status).toBe(302);
    expect(login.location).toBe(link);

    // Before accepting, aurora is not reachable and the switcher lists only boreal.
    expect((await client.get("/o/aurora/board")).status).toBe(404);
    const borealBefore = await client.get("/o/boreal/board");
    expect(borealBefore.status).toBe(200);
    expect(borealBefore.body).not.toContain("Agência Aurora");

    const signedIn = await client.get(link);
    expect(signedIn.body).toContain("Aceitar convite");
    expect(signedIn.body).toContain(email);

    const accepted = await post(client, link, { intent: "accept" });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/o/aurora/board");
    expect(await membershipsOf(email)).toEqual([
      { slug: "aurora", role: "member" },
      { slug: "boreal", role: "owner" },
    ]);
    const [row] = await inviteRows(email);
    expect(row.status).toBe("accepted");

    const board = await client.get("/o/aurora/board");
    expect(board.status).toBe(200);
    expect(board.body).toContain("data-stage-id");
    expect(board.body).toContain("Agência Aurora");
    expect(board.body).toContain("Boreal Marketing");

    const audit = await db.adminQuery<{ action: string; actor_id: string; user_agent: string }>(
      "select action, actor_id, user_agent from audit_logs where resource_id = $1 order by created_at",
      [invite.id],
    );
    expect(audit.map((a) => a.action)).toEqual(["invite.created", "invite.accepted"]);
    expect(audit[1].user_agent).toBe(USER_AGENT);

    // The link is spent.
    expect((await post(client, link, { intent: "accept" })).status).toBe(409);
  });
  it("writes the e-mail in the inviter's chosen language, else the organization's", async () => {
    await post(owner, MEMBERS, { intent: "invite", email: "em-portugues@agencia.test", role: "member" });
    await work();
    const [portuguese] = (await newMail()).filter((m) => m.to === "em-portugues@agencia.test");
    expect(portuguese.text).toMatch(/^Subject: .*Convite/m);
    expect(portuguese.text).toContain("Helena Duarte convidou você para entrar em Agência Aurora no Loved CRM como Vendedor.");

    await owner.post("/locale", { locale: "en", redirectTo: MEMBERS });
    try {
      const sent = await post(owner, MEMBERS, { intent: "invite", email: "in-english@agencia.test", role: "member" });
      expect(sent.body).toContain("Invitation sent to in-english@agencia.test.");
      await work();
      const [english] = (await newMail()).filter((m) => m.to === "in-english@agencia.test");
      expect(english.text).toMatch(/^Subject: .*Invitation/m);
      expect(english.text).toContain("Helena Duarte invited you to join Agência Aurora on Loved CRM as Sales rep.");
      expect(english.text).toContain("The link is valid for 7 days.");
      expect(english.text).not.toContain("convidou");
    } finally {
      await owner.post("/locale", { locale: "pt-BR", redirectTo: MEMBERS });
    }
  });
});
