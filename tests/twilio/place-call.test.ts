import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { placeCall } from "~/modules/calls/place-call.server";
import { newCallMetadata } from "~/modules/timeline/entry-metadata.server";
import { TwilioTransportError } from "~/modules/twilio/twilio-client.server";
import { resetEnv } from "~/utils/env.server";
import { loggerFor, redirectLogs } from "~/utils/logger.server";
import { useTestDatabase } from "../support/database";
import { organizationId, stagesOf } from "../board/support";
import { aMobile, createTwilioConnection, type TestTwilioConnection } from "./support";

type Answer = "reset" | "429" | "500" | "201";

/**
 * Placing a click-to-call is at most once (ADR 022): only a request that
 * certainly placed nothing is asked again; a timeout, a reset connection or a
 * 5xx may come after Twilio rang the rep, so the call ends instead of ringing
 * the rep (and then the lead) twice. And a request that got no answer never
 * puts the account's auth token in the worker's log.
 */
describe("placing a click-to-call when Twilio does not answer cleanly", () => {
  const db = useTestDatabase();
  let connection: TestTwilioConnection;
  let auroraId = "";
  let stageId = "";
  let fake: Server;
  let fakeUrl = "";
  let answer: Answer = "201";
  let received = 0;
  const saved = process.env.TWILIO_API_URL;

  beforeAll(async () => {
    auroraId = await organizationId(db, "aurora");
    stageId = (await stagesOf(db, auroraId))[0].id;
    connection = await createTwilioConnection(db, auroraId);
    fake = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        received++;
        if (answer === "reset") return void req.socket.destroy();
        const status = Number(answer);
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(status === 201 ? { sid: `CA${"1".repeat(32)}`, status: "queued" } : { code: status === 429 ? 20429 : 20500, message: "nope", status }));
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    received = 0;
    process.env.TWILIO_API_URL = fakeUrl;
    resetEnv();
  });

  afterAll(async () => {
    await new Promise((resolve) => fake?.close(resolve));
    if (saved === undefined) delete process.env.TWILIO_API_URL;
    else process.env.TWILIO_API_URL = saved;
    resetEnv();
  });

  async function aQueuedCall() {
    const leadId = randomUUID();
    await db.adminQuery(
      `insert into leads (id, organization_id, full_name, phone, stage_id, position, created_at, updated_at) values ($1, $2, 'Lead de teste', $3, $4, 'zz' || md5(random()::text), now(), now())`,
      [leadId, auroraId, aMobile(), stageId],
    );
    const id = randomUUID();
    const agentPhone = aMobile();
    const call = newCallMetadata({ connectionId: connection.id, orgNumber: connection.number, leadPhone: aMobile(), agentPhone });
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
       values ($1, $2, $3, 'phone', 'outbound', '', $4::jsonb, 'queued', now(), now(), now())`,
      [id, auroraId, leadId, JSON.stringify({ kind: "call", call })],
    );
    return { id, agentPhone };
  }
  const callRow = (id: string) =>
    db
      .adminQuery<{ status: string; metadata: { call: { placingSince: string | null }; error?: { title: string } } }>("select status, metadata from communications where id = $1", [id])
      .then((rows) => rows[0]);
  const place = (id: string, lastAttempt = false) => placeCall({ organizationId: auroraId, callId: id }, { lastAttempt });

  it.each([
    ["the connection is reset after Twilio read the request", "reset"],
    ["Twilio answers 500", "500"],
  ] as const)("%s: the outcome is unknown, so the call ends as failed and is not asked again", async (_name, how) => {
    answer = how;
    const { id } = await aQueuedCall();
    await expect(place(id)).resolves.toBeUndefined();
    expect(received).toBe(1);
    const row = await callRow(id);
    expect(row.status).toBe("failed");
    expect(row.metadata.call.placingSince).toBeNull();
    expect(row.metadata.error?.title).toContain("may not have been placed");
  });

  it("Twilio answers 429: nothing was placed, so the claim is released and the job retried", async () => {
    answer = "429";
    const { id } = await aQueuedCall();
    await expect(place(id)).rejects.toMatchObject({ status: 429 });
    expect(await callRow(id)).toMatchObject({ status: "queued", metadata: { call: { placingSince: null } } });
    answer = "201";
    await place(id);
    expect((await callRow(id)).status).toBe("initiated");
  });

  it("nobody listens (connection refused): retried, and the error the job logs holds neither the auth token nor the form", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    process.env.TWILIO_API_URL = closedUrl;
    resetEnv();
    const { id, agentPhone } = await aQueuedCall();
    const error = await place(id).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(TwilioTransportError);
    expect(error).toMatchObject({ code: "ECONNREFUSED", notSent: true });
    expect(await callRow(id)).toMatchObject({ status: "queued", metadata: { call: { placingSince: null } } });

    // What the worker's job log writes for a failed job (worker/job-log.ts: `{ err }`).
    let logged = "";
    const restore = redirectLogs(
      new Writable({
        write(chunk, _encoding, done) {
          logged += String(chunk);
          done();
        },
      }),
      "error",
    );
    try {
      loggerFor("worker").error({ err: error }, "job failed");
    } finally {
      restore();
    }
    expect(logged).toContain("ECONNREFUSED");
    const basic = Buffer.from(`${connection.accountSid}:${connection.authToken}`).toString("base64");
    for (const secret of [connection.authToken, basic, "Authorization", agentPhone, encodeURIComponent(agentPhone)]) expect(logged).not.toContain(secret);
  });
});
