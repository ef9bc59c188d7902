import { decode } from "turbo-stream";
import type { TestClient } from "../support/client";
import type { TestDatabase } from "../support/database";
import type { BoardCard } from "~/lib/board-client";

/**
 * Reads a Remix single-fetch answer (`*.data`, turbo-stream encoded) into plain
 * values, the way the browser's Remix runtime does: thrown responses come back
 * as `{ status, data }`, server errors as `{ name, message }`.
 */
export async function decodeSingleFetch(body: string): Promise<unknown> {
  const decoded = await decode(new Response(body).body!, {
    plugins: [
      (type: string, ...values: unknown[]) => {
        if (type === "ErrorResponse") return { value: { status: values[1], data: values[0] } };
        if (type === "SanitizedError") return { value: { name: values[0], message: values[1] } };
        if (type === "SingleFetchRedirect") return { value: { redirect: values[0] } };
        if (type === "SingleFetchClassInstance") return { value: values[0] };
        if (type === "SingleFetchFallback") return { value: undefined };
        return undefined;
      },
    ],
  });
  await decoded.done;
  return decoded.value;
}

/** POSTs to the board's action as the browser's fetcher does; the action's own data and HTTP status. */
export async function postBoard(client: TestClient, slug: string, form: Record<string, string>) {
  const response = await client.post(`/o/${slug}/board.data`, form);
  const decoded = (await decodeSingleFetch(response.body)) as { data?: Record<string, unknown>; error?: { status: number; data: unknown } };
  return { status: response.status, body: (decoded.data ?? decoded.error?.data ?? decoded) as Record<string, unknown> };
}

/** The board loader's data, as a client navigation fetches it. */
/** The board's move action, as the browser posts it (`afterLeadId` null = top of the column). */
export function moveCard(client: TestClient, leadId: string, toStageId: string, afterLeadId: string | null, version: number, slug = "aurora") {
  return postBoard(client, slug, { intent: "move", leadId, toStageId, afterLeadId: afterLeadId ?? "", version: String(version) });
}

export async function loadBoard(client: TestClient, slug: string, query = "") {
  const params = new URLSearchParams(query);
  params.set("_routes", "routes/o.$slug.board");
  const response = await client.get(`/o/${slug}/board.data?${params}`);
  if (response.status !== 200) return { status: response.status, data: null };
  const decoded = (await decodeSingleFetch(response.body)) as Record<string, { data: unknown }>;
  return { status: response.status, data: decoded["routes/o.$slug.board"].data as BoardLoaderData };
}

export async function getJson<T>(client: TestClient, path: string) {
  const response = await client.get(path);
  return { status: response.status, body: (response.headers.get("content-type")?.includes("json") ? JSON.parse(response.body) : response.body) as T };
}

export type Card = BoardCard;

export interface BoardLoaderData {
  organization: { id: string; slug: string };
  role: string;
  me: { id: string; fullName: string };
  members: { id: string; fullName: string }[];
  stages: { id: string; name: string; color: string; count: number; totalValue: string; leads: Card[]; nextCursor: string | null }[];
  filters: Record<string, string | null>;
  facets: { sources: string[]; tags: string[] };
  lastEventId: number;
  leadVisits: Record<string, string>;
}

export async function organizationId(db: TestDatabase, slug: string) {
  const [row] = await db.adminQuery<{ id: string }>(`select id from organizations where slug = $1`, [slug]);
  return row.id;
}

export async function userByEmail(db: TestDatabase, email: string) {
  const [row] = await db.adminQuery<{ id: string; full_name: string }>(`select id, full_name from users where email = $1`, [email]);
  return { id: row.id, fullName: row.full_name };
}

/** Active stages of an organization in board order. */
export async function stagesOf(db: TestDatabase, orgId: string) {
  return db.adminQuery<{ id: string; name: string }>(
    `select id, name from pipeline_stages where organization_id = $1 and is_active order by position`,
    [orgId],
  );
}

/** A column's non-archived lead ids in board order (the database's own `collate "C"` order). */
export async function columnOrder(db: TestDatabase, stageId: string) {
  const rows = await db.adminQuery<{ id: string }>(
    `select id from leads where stage_id = $1 and status <> 'archived' order by position`,
    [stageId],
  );
  return rows.map((row) => row.id);
}

export async function leadRow(db: TestDatabase, leadId: string) {
  const [row] = await db.adminQuery<{ stage_id: string; position: string; version: number; updated_at: Date }>(
    `select stage_id, position, version, updated_at from leads where id = $1`,
    [leadId],
  );
  return row;
}

/** Everything a move could write, hashed as the superuser (who sees every tenant). */
export async function fingerprint(db: TestDatabase) {
  const digest = (table: string, order: string) => `(select md5(coalesce(string_agg(t::text, '|' order by ${order}), '')) from ${table} t)`;
  const [row] = await db.adminQuery<Record<string, string>>(`
    select ${digest("leads", "t.id")} as leads,
           ${digest("lead_activities", "t.id")} as activities,
           ${digest("realtime_events", "t.organization_id, t.event_id")} as events,
           ${digest("realtime_sequences", "t.organization_id")} as sequences`);
  return row;
}
