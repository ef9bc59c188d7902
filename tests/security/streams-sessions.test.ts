import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRealtime, configureRealtime, getRealtime } from "~/modules/realtime/realtime.server";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { commitEvent, eventually, openStream } from "../realtime/helpers";
import type { SseClient } from "../realtime/sse-client";
import { addMember, createLead, signUpOrganization, type TestOrganization } from "./streams-factories";

// Session re-checks every 200 ms so a test waits well under its ceiling; the ceilings stay generous.
configureRealtime({ heartbeatMs: 100, tickMs: 50, presenceSettleMs: 20, lingerMs: 200, sessionCheckMs: 200 });

interface PresenceData {
  viewers: { userId: string }[];
  dragging: { leadId: string; userId: string }[];
}

describe("event streams end with their session and are bounded per session", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  afterAll(() => closeRealtime());

  let org: TestOrganization;
  const streams: SseClient[] = [];

  async function stream(client: TestClient, slug = org.slug) {
    const opened = await openStream(server.url, client, slug);
    streams.push(opened);
    return opened;
  }

  async function sessionIdOf(userId: string) {
    const rows = await db.adminQuery<{ id: string }>(`select id from user_sessions where user_id = $1`, [userId]);
    expect(rows).toHaveLength(1);
    return rows[0].id;
  }

  beforeAll(async () => {
    org = await signUpOrganization(server, db);
  });

  afterAll(() => {
    for (const opened of streams) opened.close();
  });

  /** A teammate's stream ends once `invalidate` makes its session unusable; another member's stream keeps going. */
  async function expectStreamEndsWhen(invalidate: (member: { userId: string; sessionId: string }) => Promise<void>) {
    const member = await addMember(server, db, org.id, "member");
    const bystander = await addMember(server, db, org.id, "member");
    const ending = await stream(member.client);
    const staying = await stream(bystander.client);
    await ending.next("presence");
    await staying.next("presence");
    await invalidate({ userId: member.userId, sessionId: await sessionIdOf(member.userId) });
    let ended = false;
    void ending.ended.then(() => (ended = true));
    await eventually(() => ended, 15_000, "the stream to end with its session");
    expect(ending.endedByServer).toBe(true);
    const after = await commitEvent(org.id);
    await staying.until(() => staying.ids.includes(after.id!), 10_000, "the bystander's stream to keep delivering");
    expect(ending.ids).not.toContain(after.id);
    expect((await stream(member.client)).status).toBe(302);
    staying.close();
  }

  it("ends a stream whose session row was deleted (logout elsewhere, revocation)", async () => {
    await expectStreamEndsWhen(({ sessionId }) => db.adminQuery(`delete from user_sessions where id = $1`, [sessionId]).then(() => {}));
  });

  it("ends a stream whose session expired", async () => {
    await expectStreamEndsWhen(({ sessionId }) =>
      db.adminQuery(`update user_sessions set expires_at = now() - interval '1 second' where id = $1`, [sessionId]).then(() => {}),
    );
  });

  it("ends a stream whose user was deactivated", async () => {
    await expectStreamEndsWhen(({ userId }) => db.adminQuery(`update users set is_active = false where id = $1`, [userId]).then(() => {}));
  });

  it("refuses a session's stream past the cap with 429, counts sessions apart, and lets one in after a tab closes", async () => {
    const cap = 8;
    const member = await addMember(server, db, org.id, "member");
    const opened: SseClient[] = [];
    for (let i = 0; i < cap; i++) opened.push(await stream(member.client));
    expect(opened.map((s) => s.status)).toEqual(Array(cap).fill(200));
    await Promise.all(opened.map((s) => s.next("presence")));

    const refused = await stream(member.client);
    expect(refused.status).toBe(429);
    expect(Number(refused.response.headers.get("retry-after"))).toBeGreaterThan(0);

    // The same person signed in elsewhere is another session, with its own allowance.
    const [email] = (await db.adminQuery<{ email: string }>(`select email from users where id = $1`, [member.userId])).map((r) => r.email);
    const elsewhere = new TestClient(server);
    await elsewhere.login(email, "senha-forte-123");
    const otherSession = await stream(elsewhere);
    expect(otherSession.status).toBe(200);

    opened[0].close();
    await eventually(async () => {
      const retried = await stream(member.client);
      retried.close();
      return retried.status === 200;
    }, 10_000, "a stream to be accepted once a tab closed");
    for (const s of [...opened, otherSession]) s.close();
  });

  describe("presence and drag locks", () => {
    const latest = (opened: SseClient) => opened.json<PresenceData>(opened.ofType("presence").at(-1)!);

    it("refuses presence for another organization's lead or a made-up id, and publishes nothing", async () => {
      const other = await signUpOrganization(server, db);
      const foreignLead = await createLead(db, other.owner, other);
      const ownLead = await createLead(db, org.owner, org);
      const member = await addMember(server, db, org.id, "member");
      const teammate = await stream(org.owner);
      await teammate.next("presence");

      for (const leadId of [foreignLead, randomUUID()]) {
        for (const intent of ["drag-start", "heartbeat", "drag-end"]) {
          const response = await member.client.post(`/o/${org.slug}/presence`, { intent, leadId });
          expect(response.status).toBe(404);
          expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: "not-found" });
        }
      }
      // Presence operations reach every process in one order: once this claim shows, any earlier one would have.
      expect((await member.client.post(`/o/${org.slug}/presence`, { intent: "drag-start", leadId: ownLead })).status).toBe(200);
      await teammate.until(() => latest(teammate).dragging.some((d) => d.leadId === ownLead), 5_000, "the legitimate lock");
      const everDragged = teammate.ofType("presence").flatMap((event) => teammate.json<PresenceData>(event).dragging.map((d) => d.leadId));
      expect(new Set(everDragged)).toEqual(new Set([ownLead]));
      expect(getRealtime().presenceOf(other.id).dragging).toEqual([]);
      await member.client.post(`/o/${org.slug}/presence`, { intent: "drag-end", leadId: ownLead });
      teammate.close();
    });
  });
});
