import { Logger, runOnce } from "graphile-worker";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { taskList } from "@worker/task-list";
import { inviteTokenFor } from "~/modules/invites/invite-token.server";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { alertTexts, countRows } from "../auth/helpers";
import { postFrom } from "./limits-helpers";

const MEMBERS = "/o/aurora/settings/members";

describe("invitations: binding, single use, limits and logs", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let owner: TestClient;
  let sequence = 0;

  beforeAll(async () => {
    owner = new TestClient(server);
    await owner.login("owner@aurora.test");
  });

  beforeEach(async () => {
    await db.adminQuery("delete from rate_limits.counters");
  });

  const uniqueEmail = (label: string) => `${label}-${++sequence}-${Date.now()}@example.test`;

  /** The owner invites `email`; returns the link's path (the token is derived exactly as the e-mail task does). */
  async function invite(email: string) {
    const response = await owner.post(MEMBERS, { intent: "invite", email, role: "member" });
    expect(response.status).toBe(200);
    const [row] = await db.adminQuery<{ id: string }>("select id from organization_invites where email = $1 and status = 'pending'", [email]);
    const token = inviteTokenFor(row.id);
    return { id: row.id, token, path: `/invites/${token}` };
  }

  /** A new account (and its own organization) signed up over HTTP. */
  async function signedUpClient(email: string) {
    const client = new TestClient(server);
    const response = await client.post("/signup", { name: "Invited Person", email, password: "invited-password", organization: `Org of ${email}` });
    expect(response.status).toBe(302);
    return client;
  }

  const auroraMemberships = (email: string) =>
    countRows(db, "organization_members m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id", "u.email = $1 and o.slug = 'aurora'", [
      email,
    ]);

  const inviteStatus = async (id: string) => (await db.adminQuery<{ status: string }>("select status from organization_invites where id = $1", [id]))[0].status;

  it("refuses a signed-in account whose e-mail is not the invited one, names the masked address and changes nothing", async () => {
    const invited = uniqueEmail("invited");
    const intruderEmail = uniqueEmail("intruder");
    const intruder = await signedUpClient(intruderEmail);
    const link = await invite(invited);

    const page = await intruder.get(link.path);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Este convite é para i…@example.test.");

    const response = await intruder.post(link.path, { intent: "accept" });
    expect(response.status).toBe(409);
    expect(alertTexts(response.body)).toEqual(["Este convite é para i…@example.test. Saia e entre com esse endereço para aceitá-lo."]);
    expect(response.body).not.toContain(invited);
    expect(await auroraMemberships(intruderEmail)).toBe(0);
    expect(await inviteStatus(link.id)).toBe("pending");
  });

  it("lets the invited account accept, ignoring the e-mail's case", async () => {
    const invited = uniqueEmail("mixed");
    const client = await signedUpClient(invited.toUpperCase());
    const link = await invite(invited);
    const response = await client.post(link.path, { intent: "accept" });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/o/aurora/board");
    expect(await auroraMemberships(invited)).toBe(1);
  });

  it("accepts one link once when two accepts race: one membership, the other told it is used", async () => {
    const invited = uniqueEmail("race");
    const first = await signedUpClient(invited);
    const second = new TestClient(server);
    await second.login(invited, "invited-password");
    const link = await invite(invited);

    const responses = await Promise.all([first.post(link.path, { intent: "accept" }), second.post(link.path, { intent: "accept" })]);
    expect(responses.map((r) => r.status).sort()).toEqual([302, 409]);
    const loser = responses.find((r) => r.status === 409)!;
    expect(loser.body).toContain("Este convite já foi aceito.");
    expect(await auroraMemberships(invited)).toBe(1);
    expect(await inviteStatus(link.id)).toBe("accepted");
  });

  it("registers one account when two registrations through one link race", async () => {
    const invited = uniqueEmail("register-race");
    const link = await invite(invited);
    const form = { intent: "register", name: "Racing Person", password: "racing-password" };
    const responses = await Promise.all([new TestClient(server).post(link.path, form), new TestClient(server).post(link.path, form)]);
    expect(responses.map((r) => r.status).sort()).toEqual([302, 409]);
    expect(await countRows(db, "users", "email = $1", [invited])).toBe(1);
    expect(await auroraMemberships(invited)).toBe(1);
  });

  it("creates the account with the invited e-mail whatever e-mail is posted", async () => {
    const invited = uniqueEmail("registered");
    const link = await invite(invited);
    const response = await new TestClient(server).post(link.path, {
      intent: "register",
      name: "Registered Person",
      password: "registered-password",
      email: "attacker@evil.test",
    });
    expect(response.status).toBe(302);
    expect(await countRows(db, "users", "email = $1", [invited])).toBe(1);
    expect(await countRows(db, "users", "email = 'attacker@evil.test'")).toBe(0);
  });

  it("limits registrations through one link to 10 an hour, whatever the address", async () => {
    const link = await invite(uniqueEmail("token-flood"));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      // Over-long names are refused before any limit or hashing; valid ones count.
      statuses.push((await postFrom(server, `127.0.1.${i + 1}`, link.path, { intent: "register", name: "Flood", password: "flood-password" })).status);
    }
    expect(statuses).not.toContain(429);
    const refused = await postFrom(server, "127.0.1.99", link.path, { intent: "register", name: "Flood", password: "flood-password" });
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(alertTexts(refused.body)).toEqual([expect.stringMatching(/^Muitas tentativas\./)]);
  });

  it("refuses over-long registration fields with field errors and creates nothing", async () => {
    const invited = uniqueEmail("long");
    const link = await invite(invited);
    const response = await new TestClient(server).post(link.path, { intent: "register", name: "N".repeat(121), password: "p".repeat(10_000) });
    expect(response.status).toBe(400);
    expect(alertTexts(response.body)).toEqual(["O nome pode ter no máximo 120 caracteres.", "A senha pode ter no máximo 128 caracteres."]);
    expect(await countRows(db, "users", "email = $1", [invited])).toBe(0);
  });

  it("limits invitations sent per organization to 40 an hour, resends included", async () => {
    await db.adminQuery("delete from rate_limits.counters");
    const first = await invite(uniqueEmail("flood"));
    for (let i = 1; i < 39; i++) {
      expect((await owner.post(MEMBERS, { intent: "invite", email: uniqueEmail("flood"), role: "member" })).status).toBe(200);
    }
    expect((await owner.post(MEMBERS, { intent: "resend-invite", inviteId: first.id })).status).toBe(200);

    const pendingBefore = await countRows(db, "organization_invites", "status = 'pending'");
    const refused = await owner.post(MEMBERS, { intent: "invite", email: uniqueEmail("flood"), role: "member" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(alertTexts(refused.body)).toEqual([expect.stringMatching(/^Muitas tentativas\. Aguarde \d+ minutos? e tente novamente\.$/)]);
    expect(await countRows(db, "organization_invites", "status = 'pending'")).toBe(pendingBefore);
    expect((await owner.post(MEMBERS, { intent: "resend-invite", inviteId: first.id })).status).toBe(429);
  });

  it("never writes an invitation link to the worker's logs (the outbox mail carries it)", async () => {
    const link = await invite(uniqueEmail("logged"));
    const lines: string[] = [];
    const logger = new Logger(() => (_level, message) => lines.push(message));
    await runOnce({ connectionString: db.ownerUrl, taskList, logger, noHandleSignals: true });

    expect(lines.some((line) => line.includes(link.id))).toBe(true);
    expect(lines.filter((line) => line.includes(link.token))).toEqual([]);
    const outbox = path.join(db.dataDir, "outbox");
    const mails = await Promise.all((await readdir(outbox)).map((file) => readFile(path.join(outbox, file), "utf8")));
    expect(mails.some((mail) => mail.replace(/=\r?\n/g, "").includes(link.token))).toBe(true);
  });
});
