import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWhatsAppBody } from "~/modules/whatsapp/webhook-signature.server";
import { startGraphStandIn, type GraphStandIn } from "~/server/graph-stand-in";
import { resetEnv } from "~/utils/env.server";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId } from "../board/support";
import { createConnection, messageBody, runJobs, statusBody, type TestConnection } from "./support";

/** The route's body limit for /webhooks/ (app/server/body-limits.ts): a signed body past it is refused with 413, unread. */
const LIMIT = 1024 * 1024;
const BODIES = 2000;
const CONCURRENCY = 8;
// FUZZ_SEED=<n> replays a failing run exactly: every body, header and order comes from this one seed.
const SEED = Number(process.env.FUZZ_SEED ?? randomBytes(4).readUInt32LE(0));

/** mulberry32: small, seedable, good enough to pick mutations. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)], bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => int(256))) };
}
type Rng = ReturnType<typeof prng>;

const NASTY_STRINGS = ["", "\u0000", "a\u0000b", "\ud800", "\udfff\ud800", "😀".repeat(50), "\u202e\u0301\ufeff", "null", "0", "-1", "1e309", "NaN", "<script>alert(1)</script>", "'; drop table leads; --", "%00", "\\u0000", " ".repeat(300)];
const NASTY_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, -0, 2 ** 63, [], {}, [[]], [{}], ...NASTY_STRINGS];

function nasty(rng: Rng): unknown {
  return rng.next() < 0.6 ? rng.pick(NASTY_VALUES) : rng.pick(NASTY_STRINGS) + rng.bytes(rng.int(40)).toString("latin1");
}

/** Nesting as deep as asked, built as text: JSON.stringify of it would recurse as deep. */
function deepJson(levels: number, rng: Rng) {
  const object = rng.next() < 0.5;
  return (object ? '{"a":'.repeat(levels) : "[".repeat(levels)) + "1" + (object ? "}" : "]").repeat(levels);
}

/** A plausible delivery: messages of every kind and statuses, to this connection's number or another's. */
function validBody(rng: Rng, phoneNumberId: string): Record<string, unknown> {
  const from = `55119${String(10_000_000 + rng.int(89_999_999))}`;
  const id = `wamid.fuzz${rng.int(1e9)}`;
  const timestamp = String(Math.floor(Date.now() / 1000) - rng.int(3600));
  const kinds: Record<string, unknown>[] = [
    { type: "text", text: { body: `Olá ${rng.int(1000)} ${rng.pick(NASTY_STRINGS)}` } },
    { type: "image", image: { id: String(rng.int(1e12)), mime_type: "image/jpeg", sha256: "x", caption: "foto" } },
    { type: "location", location: { latitude: -23.5, longitude: -46.6, name: "Paulista" } },
    { type: "reaction", reaction: { message_id: `wamid.fuzz${rng.int(1e9)}`, emoji: "👍" } },
    { type: "button", button: { text: "Sim", payload: "yes" } },
    { type: "unsupported", errors: [{ code: 131051, title: "Message type unknown" }] },
  ];
  if (rng.next() < 0.2) {
    return statusBody(phoneNumberId, { id, status: rng.pick(["sent", "delivered", "read", "failed"]), timestamp, recipient_id: from });
  }
  return messageBody(phoneNumberId, { from, id, timestamp, ...rng.pick(kinds) }, { waId: from, name: `Fuzz ${rng.int(1000)}` });
}

/** Every path of objects and arrays inside a JSON value, for targeted mutations. */
function containers(value: unknown, out: (Record<string, unknown> | unknown[])[] = []) {
  if (value && typeof value === "object") {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

/** One structural mutation of a parsed body: delete a field, swap its type, wrap it in an array, stringify a number. */
function mutateTree(rng: Rng, body: Record<string, unknown>) {
  const all = containers(body);
  const times = 1 + rng.int(3);
  for (let i = 0; i < times; i++) {
    const target = rng.pick(all) as Record<string, unknown>;
    const keys = Object.keys(target);
    if (!keys.length) continue;
    const key = rng.pick(keys);
    const current = target[key];
    switch (rng.int(6)) {
      case 0:
        delete target[key];
        break;
      case 1:
        target[key] = nasty(rng);
        break;
      case 2:
        // An array where an object belongs, or the other way round.
        target[key] = Array.isArray(current) ? Object.assign({}, current) : [current];
        break;
      case 3:
        target[key] = typeof current === "number" ? String(current) : typeof current === "string" && /^\d+$/.test(current) ? Number(current) : { value: current };
        break;
      case 4:
        target[key] = "x".repeat(1000 + rng.int(200_000));
        break;
      case 5:
        target[`${key}_${rng.int(10)}`] = Array.from({ length: rng.int(2000) }, () => nasty(rng));
        break;
    }
  }
  return body;
}

/** A raw body from one of the families: broken JSON, huge, deep, wrong types, mutated valid ones. */
function fuzzBody(rng: Rng, numbers: { own: string; foreign: string }): Buffer {
  const phone = rng.next() < 0.85 ? numbers.own : numbers.foreign;
  switch (rng.int(10)) {
    case 0:
      // Not JSON: random bytes, or a valid body cut short.
      return rng.next() < 0.5 ? rng.bytes(rng.int(4096)) : Buffer.from(JSON.stringify(validBody(rng, phone))).subarray(0, rng.int(400));
    case 1: {
      // Huge: a field near, at or past the body limit.
      const size = rng.pick([LIMIT - 4096, LIMIT - 300, LIMIT + 1, LIMIT + 50_000, 300_000]);
      const body = validBody(rng, phone);
      const raw = JSON.stringify(body);
      return Buffer.from(raw.replace(/"Olá /, `"${"é".repeat(Math.max(0, (size - raw.length) / 2))}`).replace(/"wamid\.fuzz/, `"wamid.${"z".repeat(rng.int(2) ? 10 : size / 4)}`));
    }
    case 2: {
      // Deep nesting, alone or where a real field belongs.
      const deep = deepJson(rng.pick([100, 1000, 10_000, 40_000]), rng);
      if (rng.next() < 0.5) return Buffer.from(deep);
      return Buffer.from(JSON.stringify(validBody(rng, phone)).replace(/"messaging_product":"whatsapp"/, `"messaging_product":${deep}`));
    }
    case 3:
      // Wrong types at the top: scalars, arrays, an envelope whose parts are the wrong shape.
      return Buffer.from(
        JSON.stringify(
          rng.pick<unknown>([
            nasty(rng),
            [validBody(rng, phone)],
            { object: "whatsapp_business_account", entry: nasty(rng) },
            { object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages", value: nasty(rng) }] }] },
            { object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages", value: { metadata: { phone_number_id: Number(phone) }, messages: [{}] } }] }] },
          ]),
        ),
      );
    case 4: {
      // Byte flips in a valid body: most break the JSON, some change a value.
      const raw = Buffer.from(JSON.stringify(validBody(rng, phone)));
      for (let i = 0, n = 1 + rng.int(8); i < n; i++) raw[rng.int(raw.length)] ^= 1 << rng.int(8);
      return raw;
    }
    case 5: {
      // Unicode and NUL inside every string field, escaped and raw.
      const raw = JSON.stringify(validBody(rng, phone)).replace(/"(Olá|Fuzz|Paulista|Sim|foto)/g, () => `"${rng.pick(["\\u0000", "\\ud800", "\u0000", "\u2028", "\\udc00\\ud800", "😀"])}`);
      return Buffer.from(raw);
    }
    case 6: {
      // Many items in one delivery (Meta batches), with some broken among them.
      const body = validBody(rng, phone) as { entry: { changes: { value: { messages?: unknown[]; statuses?: unknown[] } }[] }[] };
      const list = body.entry[0].changes[0].value.messages ?? body.entry[0].changes[0].value.statuses!;
      for (let i = 0, n = rng.int(12); i < n; i++) list.push(rng.next() < 0.7 ? { ...(list[0] as object), id: `wamid.fuzz${rng.int(1e9)}` } : nasty(rng));
      return Buffer.from(JSON.stringify(body));
    }
    default:
      return Buffer.from(JSON.stringify(mutateTree(rng, validBody(rng, phone))));
  }
}

interface Case {
  index: number;
  raw: Buffer;
  signed: boolean;
  signature: string | null;
}

/**
 * Random and mutated deliveries against the real HTTP stack and then the
 * worker: the front door never answers 5xx, stores nothing it cannot verify,
 * and whatever it stored is processed into the connection's organization
 * only, without a task failing on it.
 */
describe("WhatsApp webhook fuzz", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let connection: TestConnection;
  let foreign: TestConnection;
  let graph: GraphStandIn;
  let cases: Case[] = [];
  const seeded = `FUZZ_SEED=${SEED}`;

  beforeAll(async () => {
    connection = await createConnection(db, await organizationId(db, "aurora"));
    // Another organization's connection: its number appears in bodies signed with aurora's secret, and must never be written to.
    foreign = await createConnection(db, await organizationId(db, "boreal"));
    // Media messages make fetch jobs; they talk to a loopback Graph, never to Meta.
    graph = await startGraphStandIn({
      accounts: [{ wabaId: connection.wabaId, accessToken: connection.accessToken, phoneNumbers: connection.numbers.map((id) => ({ id, display: "+55 11 4000-0000" })) }],
    });
    process.env.WHATSAPP_GRAPH_URL = graph.url;
    resetEnv();

    const rng = prng(SEED);
    cases = Array.from({ length: BODIES }, (_, index) => {
      const raw = fuzzBody(rng, { own: connection.numbers[0], foreign: foreign.numbers[0] });
      const signed = index % 2 === 0;
      const forged = () =>
        rng.pick([
          null,
          signWhatsAppBody(raw, foreign.appSecret),
          signWhatsAppBody(raw, ""),
          signWhatsAppBody(Buffer.concat([raw, Buffer.from(" ")]), connection.appSecret),
          signWhatsAppBody(raw, connection.appSecret).toUpperCase(),
          `sha256=${rng.bytes(32).toString("hex")}`,
          rng.bytes(rng.int(200)).toString("base64"),
        ]);
      return { index, raw, signed, signature: signed ? signWhatsAppBody(raw, connection.appSecret) : forged() };
    });
  });
  afterAll(() => graph?.close());

  const post = async (item: Case) => {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (item.signature !== null) headers["X-Hub-Signature-256"] = item.signature;
    const response = await fetch(`${server.url}/webhooks/whatsapp/${connection.key}`, { method: "POST", headers, body: new Uint8Array(item.raw) });
    await response.arrayBuffer();
    return response.status;
  };
  /** Posts with a few requests in flight, as Meta does; the status of each case. */
  const postAll = async (items: Case[]) => {
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < items.length) {
          const item = items[next++];
          statuses.set(item.index, await post(item));
        }
      }),
    );
    return statuses;
  };
  const stored = async () => {
    const [row] = await db.adminQuery<{ inbox: number; jobs: number }>(
      `select (select count(*)::int from webhook_inbox) as inbox, (select count(*)::int from graphile_worker._private_jobs) as jobs`,
    );
    return row;
  };
  const elsewhere = () =>
    db.adminQuery<{ organization_id: string; leads: number; communications: number; inbox: number; events: number }>(
      `select o.id as organization_id,
              (select count(*)::int from leads l where l.organization_id = o.id) as leads,
              (select count(*)::int from communications c where c.organization_id = o.id) as communications,
              (select count(*)::int from webhook_inbox w where w.organization_id = o.id) as inbox,
              (select count(*)::int from realtime_events e where e.organization_id = o.id) as events
         from organizations o where o.id <> $1 order by o.id`,
      [connection.organizationId],
    );
  /** Every case answered otherwise than expected, described well enough to see why (all of them, not just the first). */
  const mismatches = (items: Case[], statuses: Map<number, number>, expected: (item: Case) => number) =>
    items
      .filter((item) => statuses.get(item.index) !== expected(item))
      .map((item) => `case ${item.index}: ${statuses.get(item.index)} for ${item.raw.length} bytes ${JSON.stringify(item.raw.subarray(0, 200).toString("latin1"))}`);

  it("refuses every unsigned or wrongly signed body with 401 and stores nothing", async () => {
    const forged = cases.filter((item) => !item.signed);
    const before = await stored();
    const statuses = await postAll(forged);
    // The size limit is checked before the signature (the body is not read): a forged huge body is a 413.
    expect(mismatches(forged, statuses, (item) => (item.raw.length > LIMIT ? 413 : 401)), seeded).toEqual([]);
    expect(await stored(), seeded).toEqual(before);
  }, 120_000);

  it("answers every signed body 200 (413 past the limit), then processes what it stored into the connection's organization only", async () => {
    const signed = cases.filter((item) => item.signed);
    const others = await elsewhere();
    const statuses = await postAll(signed);
    expect(mismatches(signed, statuses, (item) => (item.raw.length > LIMIT ? 413 : 200)), seeded).toEqual([]);
    // Sanity of the generator: the run must have stored real items, not only ignored junk, or the worker half proves nothing.
    const [queued] = await db.adminQuery<{ n: number }>(`select count(*)::int as n from webhook_inbox where connection_id = $1 and status = 'pending'`, [connection.id]);
    expect(queued.n, seeded).toBeGreaterThan(100);

    await runJobs(db);

    const leftovers = await db.adminQuery<{ dedup_key: string; status: string; last_error: string | null; payload: unknown }>(
      `select dedup_key, status, last_error, payload from webhook_inbox where connection_id = $1 and (status in ('pending', 'failed') or last_error is not null)`,
      [connection.id],
    );
    // Only a status for a message this organization never sent may still wait (it retries before it is set aside).
    const unexpected = leftovers.filter((row) => !(row.status === "pending" && row.dedup_key.startsWith("status:") && row.last_error === "status for a message whose id is not stored yet"));
    expect(unexpected, seeded).toEqual([]);
    const failedJobs = await db.adminQuery<{ identifier: string; last_error: string }>(
      `select t.identifier, j.last_error from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'whatsapp__process_webhook' and j.last_error is not null and j.last_error <> 'waiting for the message this status belongs to'`,
    );
    expect(failedJobs, seeded).toEqual([]);
    expect(await elsewhere(), seeded).toEqual(others);
    const [written] = await db.adminQuery<{ n: number }>(
      `select count(*)::int as n from communications c where c.organization_id = $1 and c.channel = 'whatsapp' and c.external_id like 'wamid.fuzz%'`,
      [connection.organizationId],
    );
    expect(written.n, seeded).toBeGreaterThan(0);
    // A thousand deliveries and the worker over all they stored: minutes are plenty, 30 s is not on a busy 2-core machine.
  }, 180_000);
});
