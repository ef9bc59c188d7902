import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId } from "../board/support";
import { createConnection, messageBody, nowSeconds, postWebhook, statusBody, wamid, type TestConnection } from "./support";

/**
 * The webhook's front door, as an outsider meets it: Meta's handshake, the
 * signature over the raw bytes before anything is parsed, one inbox row and
 * one job per new item, nothing for a redelivery or a refused delivery.
 */
describe("POST|GET /webhooks/whatsapp/:connectionKey", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let aurora = "";
  let connection: TestConnection;
  let other: TestConnection;

  beforeAll(async () => {
    aurora = await organizationId(db, "aurora");
    connection = await createConnection(db, aurora);
    other = await createConnection(db, await organizationId(db, "boreal"));
  });

  const inbox = (connectionId: string) =>
    db.adminQuery<{ dedup_key: string; status: string; reason: string | null }>(
      "select dedup_key, status, reason from webhook_inbox where connection_id = $1 order by received_at, dedup_key",
      [connectionId],
    );
  const jobs = async () =>
    Number(
      (await db.adminQuery<{ n: string }>("select count(*)::text as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'whatsapp__process_webhook'"))[0].n,
    );
  const text = (id = wamid()) => ({ from: "5511987654321", id, timestamp: nowSeconds(), type: "text", text: { body: "Oi, quero um orçamento" } });

  describe("verification handshake", () => {
    const verify = (key: string, query: Record<string, string>) => fetch(`${server.url}/webhooks/whatsapp/${key}?${new URLSearchParams(query)}`);

    it("echoes the challenge as plain text for the connection's verify token", async () => {
      const response = await verify(connection.key, { "hub.mode": "subscribe", "hub.verify_token": connection.verifyToken, "hub.challenge": "1158201444" });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await response.text()).toBe("1158201444");
    });

    it.each([
      ["another connection's token", () => ({ "hub.mode": "subscribe", "hub.verify_token": other.verifyToken, "hub.challenge": "1" })],
      ["a wrong mode", () => ({ "hub.mode": "unsubscribe", "hub.verify_token": connection.verifyToken, "hub.challenge": "1" })],
      ["no token", () => ({ "hub.mode": "subscribe", "hub.challenge": "1" })],
      ["a challenge that is markup", () => ({ "hub.mode": "subscribe", "hub.verify_token": connection.verifyToken, "hub.challenge": "<script>" })],
    ])("refuses %s with 403", async (_name, query) => {
      const response = await verify(connection.key, query());
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain("<script>");
    });

    it("refuses an unknown key with 403", async () => {
      expect((await verify("no-such-connection-key-000000", { "hub.mode": "subscribe", "hub.verify_token": "x", "hub.challenge": "1" })).status).toBe(403);
    });
  });

  describe("signatures", () => {
    it("accepts a delivery signed with the connection's app secret: one inbox row, one job", async () => {
      const before = await jobs();
      const message = text();
      const answer = await postWebhook(server.url, connection, messageBody(connection.numbers[0], message));
      expect(answer).toEqual({ status: 200, body: "OK" });
      expect(await inbox(connection.id)).toContainEqual({ dedup_key: `message:${message.id}`, status: "pending", reason: null });
      expect(await jobs()).toBe(before + 1);
    });

    it.each([
      ["no signature", { secret: null }],
      ["a signature made with another connection's secret", { secret: "another-secret" }],
      ["a signature of an empty secret", { secret: "" }],
    ])("refuses %s with 401 and stores nothing", async (_name, options) => {
      const secret = options.secret === "another-secret" ? other.appSecret : options.secret;
      const before = await jobs();
      const rows = (await inbox(connection.id)).length;
      const answer = await postWebhook(server.url, connection, messageBody(connection.numbers[0], text()), { secret });
      expect(answer.status).toBe(401);
      expect((await inbox(connection.id)).length).toBe(rows);
      expect(await jobs()).toBe(before);
    });

    it("refuses a body altered by one byte after signing", async () => {
      const raw = Buffer.from(JSON.stringify(messageBody(connection.numbers[0], text())));
      const { signWhatsAppBody } = await import("~/modules/whatsapp/webhook-signature.server");
      const signature = signWhatsAppBody(raw, connection.appSecret);
      const altered = Buffer.from(raw);
      altered[altered.length - 3] ^= 1;
      const response = await fetch(`${server.url}/webhooks/whatsapp/${connection.key}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Hub-Signature-256": signature },
        body: new Uint8Array(altered),
      });
      expect(response.status).toBe(401);
    });

    it("a malformed signature header is a 401, never a 500", async () => {
      for (const header of ["sha256=", "sha1=abc", "sha256=zz", "x".repeat(5000), "sha256=" + "0".repeat(64)]) {
        const response = await fetch(`${server.url}/webhooks/whatsapp/${connection.key}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Hub-Signature-256": header },
          body: "{}",
        });
        expect(response.status).toBe(401);
      }
    });

    it("answers 404 for a key that names no connection", async () => {
      const answer = await postWebhook(server.url, { key: "no-such-connection-key-000000", appSecret: connection.appSecret }, messageBody(connection.numbers[0], text()));
      expect(answer.status).toBe(404);
    });
  });

  describe("the inbox", () => {
    it("stores a redelivery once and queues it once", async () => {
      const message = text();
      const body = messageBody(connection.numbers[0], message);
      const before = await jobs();
      expect((await postWebhook(server.url, connection, body)).status).toBe(200);
      expect((await postWebhook(server.url, connection, body)).status).toBe(200);
      expect((await inbox(connection.id)).filter((row) => row.dedup_key === `message:${message.id}`)).toHaveLength(1);
      expect(await jobs()).toBe(before + 1);
    });

    it("keys a status by message and status: sent and read of one message are two items", async () => {
      const id = wamid();
      for (const status of ["sent", "read", "sent"]) {
        await postWebhook(server.url, connection, statusBody(connection.numbers[0], { id, status, timestamp: nowSeconds(), recipient_id: "5511987654321" }));
      }
      expect((await inbox(connection.id)).filter((row) => row.dedup_key.startsWith(`status:${id}`)).map((row) => row.dedup_key).sort()).toEqual([
        `status:${id}:read`,
        `status:${id}:sent`,
      ]);
    });

    it("keeps a signed body it does not understand as ignored, with the reason, and answers 200", async () => {
      const before = await jobs();
      const answer = await postWebhook(server.url, connection, { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "account_update", value: {} }] }] });
      expect(answer.status).toBe(200);
      const notJson = await postWebhook(server.url, connection, null, { raw: Buffer.from("not json at all") });
      expect(notJson.status).toBe(200);
      const ignored = (await inbox(connection.id)).filter((row) => row.status === "ignored");
      expect(ignored.length).toBeGreaterThanOrEqual(2);
      expect(ignored.every((row) => row.reason)).toBe(true);
      expect(await jobs()).toBe(before);
    });

    it("stores a signed body carrying NUL and lone surrogates, which PostgreSQL cannot keep, cleaned rather than answering 500", async () => {
      const message = { ...text(), text: { body: "a\u0000b\ud800c" } };
      expect((await postWebhook(server.url, connection, messageBody(connection.numbers[0], message))).status).toBe(200);
      const [row] = await db.adminQuery<{ body: string }>("select payload->'message'->>'body' as body from webhook_inbox where dedup_key = $1", [`message:${message.id}`]);
      expect(row.body).toBe("ab\ufffdc");
      const garbage = await postWebhook(server.url, connection, null, { raw: Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x00]) });
      expect(garbage.status).toBe(200);
    });

    it("refuses a body over the webhook limit without reading it all, storing nothing", async () => {
      const rows = (await inbox(connection.id)).length;
      const huge = Buffer.alloc(2 * 1024 * 1024, 0x20);
      const answer = await postWebhook(server.url, connection, null, { raw: huge });
      expect(answer.status).toBe(413);
      expect((await inbox(connection.id)).length).toBe(rows);
    });
  });
});
