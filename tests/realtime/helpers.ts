import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import type { EventType, RealtimeEvent } from "~/modules/realtime/events";
import { closeRealtime } from "~/modules/realtime/realtime.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { resetEnv } from "~/utils/env.server";
import { withOrganization } from "~/utils/db.server";
import type { TestDatabase } from "../support/database";
import { SseClient, type SseOpenOptions } from "./sse-client";
import type { TestClient } from "../support/client";

export interface Orgs {
  aurora: string;
  boreal: string;
}

export async function organizationIds(db: TestDatabase): Promise<Orgs> {
  const rows = await db.adminQuery<{ id: string; slug: string }>(`select id, slug from organizations where slug in ('aurora', 'boreal')`);
  return { aurora: rows.find((r) => r.slug === "aurora")!.id, boreal: rows.find((r) => r.slug === "boreal")!.id };
}

export async function userId(db: TestDatabase, email: string) {
  const [row] = await db.adminQuery<{ id: string }>(`select id from users where email = $1`, [email]);
  return row.id;
}

/** Commits one event the way domain code does (inside withOrganization); it is published after commit. */
export async function commitEvent(organizationId: string, data: Record<string, unknown> = {}, type: EventType = "lead.updated") {
  return withOrganization(organizationId, (db) =>
    // Any data: these tests exercise transport (sizes, order), not the events' shapes.
    recordEvent(db, organizationId, {
      type,
      data: { leadId: randomUUID(), ...data },
      actor: { id: "00000000-0000-4000-8000-000000000001", name: "Teste" },
    } as RealtimeEvent),
  );
}

export async function lastEventId(db: TestDatabase, organizationId: string) {
  const [row] = await db.adminQuery<{ last_event_id: string }>(
    `select last_event_id from realtime_sequences where organization_id = $1`,
    [organizationId],
  );
  return Number(row?.last_event_id ?? 0);
}

/** The organization's events as the table holds them: id → type and data (what every client must end up with). */
export async function storedEvents(db: TestDatabase, organizationId: string, afterId = 0) {
  return db.adminQuery<{ event_id: string; type: string; data: Record<string, unknown> }>(
    `select event_id, type, data from realtime_events where organization_id = $1 and event_id > $2 order by event_id`,
    [organizationId, afterId],
  );
}

export function openStream(baseUrl: string, client: TestClient, slug: string, options: Omit<SseOpenOptions, "cookie"> & { query?: string } = {}) {
  return SseClient.open(`${baseUrl}/o/${slug}/events${options.query ?? ""}`, { ...options, cookie: client.cookieHeader });
}

export function range(from: number, to: number) {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * An event stream over a raw socket that stops reading once the response has
 * begun, like a phone gone to sleep. `readToEnd` then reads what the kernel
 * and the server hold until the server cuts the connection, and returns the
 * ids of the complete events in it.
 */
export async function openStalledStream(baseUrl: string, path: string, cookie: string) {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => {});
  socket.on("data", (chunk) => chunks.push(chunk));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`);
  await eventually(() => Buffer.concat(chunks).toString().includes("event: presence"), 5_000, "the stalled stream to open");
  if (!Buffer.concat(chunks).toString().startsWith("HTTP/1.1 200")) throw new Error("the stalled stream was refused");
  socket.pause();
  return {
    async readToEnd() {
      socket.resume();
      await closed;
      const text = Buffer.concat(chunks).toString();
      return [...text.matchAll(/id: (\d+)\nevent: [^\n]+\ndata: [^\n]*\n\n/g)].map((match) => Number(match[1]));
    },
  };
}

/**
 * Points this test process's own hub at a transport: Redis at `redisUrl`, or
 * PostgreSQL LISTEN/NOTIFY when it is null. Events the tests commit publish
 * through that hub, so it must match what the hubs under test listen to.
 */
export async function useRealtimeTransport(redisUrl: string | null) {
  await closeRealtime();
  if (redisUrl) process.env.REDIS_URL = redisUrl;
  else delete process.env.REDIS_URL;
  resetEnv();
}
