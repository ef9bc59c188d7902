import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { getJson, organizationId, postBoard, stagesOf } from "../board/support";
import type { TimelinePage } from "~/lib/timeline";

/**
 * Timeline pages are keyset pages: walking them from the newest while new
 * entries keep arriving visits every older entry exactly once, ties in time
 * included.
 */
describe("timeline paging", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;
  let auroraId = "";

  beforeAll(async () => {
    clients = await signInDemoCast(server);
    auroraId = await organizationId(db, "aurora");
  });

  async function leadWithEntries(count: number) {
    const stageId = (await stagesOf(db, auroraId))[0].id;
    const fullName = `Lead paginado ${randomUUID()}`;
    await postBoard(clients.owner, "aurora", { intent: "create", stageId, fullName });
    const [{ id }] = await db.adminQuery<{ id: string }>("select id from leads where full_name = $1", [fullName]);
    // Three entries per second: pages must break ties by id, not by time alone.
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, sent_at, created_at, updated_at)
       select gen_random_uuid(), $1, $2, 'whatsapp', 'inbound', 'mensagem ' || n, '{"kind":"text"}',
              timestamptz '2026-11-01 12:00:00+00' + ((n / 3) * interval '1 second'), now(), now()
         from generate_series(1, $3::int) n`,
      [auroraId, id, count],
    );
    return id;
  }

  const pageOf = async (leadId: string, cursor: string) =>
    (await getJson<TimelinePage>(clients.rep, `/o/aurora/leads/${leadId}/timeline?before=${encodeURIComponent(cursor)}`)).body;

  it("visits every entry once, newest first, while new ones arrive between pages", async () => {
    const leadId = await leadWithEntries(137);
    const page = await getJson<string>(clients.rep, `/o/aurora/leads/${leadId}`);
    expect(page.status).toBe(200);
    const seen: string[] = [];
    let notes = 0;
    const times: string[] = [];
    const [{ ids: first }] = await db.adminQuery<{ ids: string[] }>(
      "select array_agg(id order by sent_at desc, id desc) as ids from (select id, sent_at from communications where lead_id = $1 order by sent_at desc, id desc limit 50) newest",
      [leadId],
    );
    seen.push(...first);
    let cursor = (await db.adminQuery<{ cursor: string }>(
      "select (extract(epoch from sent_at) * 1000)::bigint || '_' || id as cursor from communications where id = $1",
      [first.at(-1)],
    ))[0].cursor;
    for (;;) {
      // A teammate's note lands between every two pages.
      expect((await clients.rep.post(`/o/aurora/leads/${leadId}.data`, { intent: "add-note", content: `nova ${seen.length}` })).status).toBe(200);
      notes += 1;
      const next = await pageOf(leadId, cursor);
      seen.push(...next.entries.map((entry) => entry.id));
      times.push(...next.entries.map((entry) => entry.at));
      if (!next.nextCursor) break;
      expect(next.entries).toHaveLength(50);
      cursor = next.nextCursor;
    }
    expect(seen).toHaveLength(137);
    expect(new Set(seen).size).toBe(137);
    expect(times).toEqual([...times].sort().reverse());
    const [{ count }] = await db.adminQuery<{ count: number }>("select count(*)::int as count from communications where lead_id = $1", [leadId]);
    expect(notes).toBe(2);
    expect(count).toBe(137 + notes);
  });
});
