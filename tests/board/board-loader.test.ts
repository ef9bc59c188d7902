import { beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { getJson, loadBoard, moveCard, organizationId, stagesOf, userByEmail, type BoardLoaderData, type Card } from "./support";

/**
 * The board's read side over HTTP: the loader of /o/:slug/board, a column's
 * next pages and cards by id, with every filter, checked against SQL written
 * here independently of the app's queries.
 */
describe("board loader, column pages and cards", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const rep = new TestClient(server);
  const viewer = new TestClient(server);
  const borealOwner = new TestClient(server);

  let auroraId = "";
  let borealId = "";
  let repUser = { id: "", fullName: "" };
  let managerUser = { id: "", fullName: "" };
  let stages: { id: string; name: string }[] = [];

  interface Expected {
    count: number;
    total: string;
    ids: string[];
  }

  /** Per active stage: count, value sum and every id in board order, for leads matching `condition` (alias l). */
  async function expected(condition: string, params: unknown[] = []): Promise<Map<string, Expected>> {
    const rows = await db.adminQuery<{ stage_id: string; count: number; total: string; ids: string[] }>(
      `select s.id as stage_id,
              count(l.id)::int as count,
              to_char(coalesce(sum(l.estimated_value), 0), 'FM999999999999990.00') as total,
              coalesce(array_agg(l.id::text order by l.position) filter (where l.id is not null), '{}') as ids
         from pipeline_stages s
         left join leads l on l.stage_id = s.id and l.status <> 'archived' and (${condition})
        where s.organization_id = $1 and s.is_active
        group by s.id, s.position order by s.position`,
      [auroraId, ...params],
    );
    return new Map(rows.map((row) => [row.stage_id, { count: row.count, total: row.total, ids: row.ids }]));
  }

  function expectBoardMatches(board: BoardLoaderData, want: Map<string, Expected>) {
    expect(board.stages.map((stage) => stage.id)).toEqual([...want.keys()]);
    for (const stage of board.stages) {
      const w = want.get(stage.id)!;
      expect(stage.count, stage.name).toBe(w.count);
      expect(stage.totalValue, stage.name).toBe(w.total);
      // The document carries the first 10 cards of a column; scrolling brings the rest, 30 at a time.
      expect(stage.leads.map((card) => card.id), stage.name).toEqual(w.ids.slice(0, 10));
      expect(stage.nextCursor === null, stage.name).toBe(w.ids.length <= 10);
    }
  }

  beforeAll(async () => {
    auroraId = await organizationId(db, "aurora");
    borealId = await organizationId(db, "boreal");
    repUser = await userByEmail(db, "rep@aurora.test");
    managerUser = await userByEmail(db, "manager@aurora.test");
    stages = await stagesOf(db, auroraId);
    // Archived leads must neither show nor count; make sure a few exist, with values.
    await db.adminQuery(
      `update leads set status = 'archived', estimated_value = 99999.99
        where id in (select id from leads where organization_id = $1 order by full_name limit 7)`,
      [auroraId],
    );
    await rep.login("rep@aurora.test");
    await viewer.login("viewer@aurora.test");
    await borealOwner.login("owner@boreal.test");
  });

  describe("the loader", () => {
    it("shows the active stages in order with counts, sums and the first page of cards, archived leads left out", async () => {
      const { status, data } = await loadBoard(rep, "aurora");
      expect(status).toBe(200);
      const board = data!;
      expect(board.stages.map((stage) => stage.name)).toEqual(["Lead", "Contato", "Proposta", "Negociação", "Fechado"]);
      expect(board.stages.map((stage) => stage.name)).toEqual(stages.map((stage) => stage.name));
      expectBoardMatches(board, await expected("true"));
      // The seed has more than one page in at least one column, so pagination is exercised below.
      expect(board.stages.some((stage) => stage.nextCursor !== null)).toBe(true);
      const archived = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 and status = 'archived'`, [auroraId]);
      const shown = new Set(board.stages.flatMap((stage) => stage.leads.map((card) => card.id)));
      expect(archived.length).toBeGreaterThan(0);
      for (const { id } of archived) expect(shown.has(id)).toBe(false);
    });

    it("describes each card with the fields the board renders", async () => {
      const board = (await loadBoard(rep, "aurora")).data!;
      const card = board.stages.flatMap((stage) => stage.leads).find((c) => c.assignee && c.tags.length && c.lastContactAt)!;
      expect(card).toBeDefined();
      const [row] = await db.adminQuery<{
        version: number;
        stage_id: string;
        position: string;
        full_name: string;
        company: string | null;
        estimated_value: string | null;
        source: string | null;
        priority: Card["priority"];
        tags: string[];
        assignee_id: string;
        assignee_name: string;
        last_contact_at: Date;
        last_contact_channel: string;
        last_inbound_at: Date | null;
        unread_count: number;
        ai_sentiment: Card["aiSentiment"];
        ai_summary_at: Date | null;
      }>(
        `select l.*, u.full_name as assignee_name from leads l join users u on u.id = l.assignee_id where l.id = $1`,
        [card.id],
      );
      expect(card).toEqual({
        id: card.id,
        version: row.version,
        stageId: row.stage_id,
        position: row.position,
        fullName: row.full_name,
        company: row.company,
        estimatedValue: row.estimated_value,
        source: row.source,
        priority: row.priority,
        tags: row.tags,
        assignee: { id: row.assignee_id, fullName: row.assignee_name },
        lastContactAt: row.last_contact_at.toISOString(),
        lastContactChannel: row.last_contact_channel,
        lastInboundAt: row.last_inbound_at?.toISOString() ?? null,
        unreadCount: row.unread_count,
        aiSentiment: row.ai_sentiment,
        aiSummaryAt: row.ai_summary_at?.toISOString() ?? null,
      } satisfies Card);
    });

    it("returns who is asking, the members, the facets and the last event id", async () => {
      const board = (await loadBoard(rep, "aurora")).data!;
      expect(board.role).toBe("member");
      expect(board.me).toEqual(repUser);
      const members = await db.adminQuery<{ id: string; full_name: string }>(
        `select u.id, u.full_name from organization_members m join users u on u.id = m.user_id where m.organization_id = $1`,
        [auroraId],
      );
      expect([...board.members].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        members.map((m) => ({ id: m.id, fullName: m.full_name })).sort((a, b) => a.id.localeCompare(b.id)),
      );
      const [facets] = await db.adminQuery<{ sources: string[]; tags: string[] }>(
        `select array(select distinct source from leads where organization_id = $1 and status <> 'archived' and source is not null order by 1) as sources,
                array(select distinct t from leads, unnest(tags) t where organization_id = $1 and status <> 'archived' order by 1) as tags`,
        [auroraId],
      );
      expect(facets.tags.length).toBeGreaterThan(1);
      expect(board.facets).toEqual(facets);

      const [sequence] = await db.adminQuery<{ last: string | null }>(
        `select (select last_event_id from realtime_sequences where organization_id = $1) as last`,
        [auroraId],
      );
      expect(board.lastEventId).toBe(Number(sequence.last ?? 0));
    });

    it("moves lastEventId on with each committed change, per organization", async () => {
      const before = (await loadBoard(rep, "aurora")).data!;
      const borealBefore = (await loadBoard(borealOwner, "boreal")).data!;
      const card = before.stages[0].leads[0];
      const moved = await moveCard(rep, card.id, before.stages[1].id, null, card.version);
      expect(moved.status).toBe(200);
      const after = (await loadBoard(rep, "aurora")).data!;
      expect(after.lastEventId).toBe(before.lastEventId + 1);
      const [event] = await db.adminQuery<{ type: string; data: { leadId: string } }>(
        `select type, data from realtime_events where organization_id = $1 and event_id = $2`,
        [auroraId, after.lastEventId],
      );
      expect(event).toMatchObject({ type: "lead.moved", data: { leadId: card.id } });
      // The snapshot that reports this id already shows the move.
      expect(after.stages[1].leads[0].id).toBe(card.id);
      expect((await loadBoard(borealOwner, "boreal")).data!.lastEventId).toBe(borealBefore.lastEventId);
    });

    it("offers new sources and tags as soon as a change is recorded", async () => {
      const first = (await loadBoard(rep, "aurora")).data!;
      expect(first.facets.tags).not.toContain("recém-chegada");
      const card = first.stages[2].leads[0];
      await db.adminQuery(`update leads set tags = tags || '{recém-chegada}', source = 'podcast' where id = $1`, [card.id]);
      // Any recorded change moves the organization's event id on; here, moving the lead.
      const moved = await moveCard(rep, card.id, first.stages[3].id, null, card.version);
      expect(moved.status).toBe(200);
      const after = (await loadBoard(rep, "aurora")).data!;
      expect(after.facets.tags).toContain("recém-chegada");
      expect(after.facets.sources).toContain("podcast");
      // And again from the facets kept for that event id.
      expect((await loadBoard(rep, "aurora")).data!.facets).toEqual(after.facets);
    });

    it("is readable by viewers", async () => {
      const { status, data } = await loadBoard(viewer, "aurora");
      expect(status).toBe(200);
      expect(data!.role).toBe("viewer");
      expect(data!.stages).toHaveLength(5);
    });
  });

  describe("filters", () => {
    const cases: [string, () => string, () => [string, unknown[]]][] = [
      ["assignee=mine", () => "assignee=mine", () => ["l.assignee_id = $2", [repUser.id]]],
      ["assignee=<member>", () => `assignee=${managerUser.id}`, () => ["l.assignee_id = $2", [managerUser.id]]],
      ["assignee=none", () => "assignee=none", () => ["l.assignee_id is null", []]],
      ["source", () => "source=whatsapp", () => ["l.source = 'whatsapp'", []]],
      ["priority", () => "priority=high", () => ["l.priority = 'high'", []]],
      ["min and max (pt-BR and plain)", () => "min=5.000,00&max=20000", () => ["l.estimated_value between 5000 and 20000", []]],
      ["min only", () => "min=30000", () => ["l.estimated_value >= 30000", []]],
      ["free text: a name", () => "q=silva", () => ["l.full_name ilike '%silva%' or l.company ilike '%silva%' or l.email ilike '%silva%'", []]],
      ["free text: a company", () => "q=advocacia", () => ["l.full_name ilike '%advocacia%' or l.company ilike '%advocacia%' or l.email ilike '%advocacia%'", []]],
      ["free text: an e-mail domain", () => "q=gmail", () => ["l.full_name ilike '%gmail%' or l.company ilike '%gmail%' or l.email ilike '%gmail%'", []]],
      [
        "free text: digits also search phones",
        () => "q=(11) 98",
        () => ["l.full_name ilike '%(11) 98%' or l.company ilike '%(11) 98%' or l.email ilike '%(11) 98%' or l.phone like '%1198%'", []],
      ],
      ["free text with LIKE wildcards matches them literally", () => "q=%25", () => ["false", []]],
      [
        "combined",
        () => "assignee=mine&priority=medium&min=1000",
        () => ["l.assignee_id = $2 and l.priority = 'medium' and l.estimated_value >= 1000", [repUser.id]],
      ],
    ];

    it.each(cases)("counts, sums and pages follow %s", async (_label, query, condition) => {
      const [sqlCondition, params] = condition();
      const want = await expected(sqlCondition, params);
      const { status, data } = await loadBoard(rep, "aurora", query());
      expect(status).toBe(200);
      expectBoardMatches(data!, want);
    });

    it("filters by tag", async () => {
      const [{ tag }] = await db.adminQuery<{ tag: string }>(
        `select t as tag from leads, unnest(tags) t where organization_id = $1 and status <> 'archived' group by t order by count(*) desc limit 1`,
        [auroraId],
      );
      const want = await expected("$2 = any(l.tags)", [tag]);
      expect([...want.values()].reduce((sum, w) => sum + w.count, 0)).toBeGreaterThan(0);
      expectBoardMatches((await loadBoard(rep, "aurora", new URLSearchParams({ tag }).toString())).data!, want);
    });

    it("phone digits match however the number is typed", async () => {
      const [{ phone }] = await db.adminQuery<{ phone: string }>(
        `select phone from leads where organization_id = $1 and status <> 'archived' and phone is not null order by id limit 1`,
        [auroraId],
      );
      const national = phone.slice(3); // +55 11 98765-4321 → 11987654321
      const typed = `(${national.slice(0, 2)}) ${national.slice(2, 7)}-${national.slice(7)}`;
      const board = (await loadBoard(rep, "aurora", new URLSearchParams({ q: typed }).toString())).data!;
      const ids = board.stages.flatMap((stage) => stage.leads.map((card) => card.id));
      const [lead] = await db.adminQuery<{ id: string }>(`select id from leads where phone = $1 and organization_id = $2`, [phone, auroraId]);
      expect(ids).toContain(lead.id);
    });

    it("echoes the filters it applied and ignores values that make no sense", async () => {
      const unfiltered = (await loadBoard(rep, "aurora")).data!;
      const { status, data } = await loadBoard(
        rep,
        "aurora",
        `assignee=somebody&priority=extreme&min=lots&max=-5&q=${"x".repeat(101)}&source=&tag=`,
      );
      expect(status).toBe(200);
      expect(data!.filters).toEqual({ assignee: null, source: null, tag: null, priority: null, min: null, max: null, q: null });
      expect(data!.stages.map((s) => [s.id, s.count, s.totalValue])).toEqual(unfiltered.stages.map((s) => [s.id, s.count, s.totalValue]));

      const applied = (await loadBoard(rep, "aurora", "assignee=mine&min=4.500,00&q=%20Silva%20")).data!;
      expect(applied.filters).toEqual({ assignee: "mine", source: null, tag: null, priority: null, min: "4500.00", max: null, q: "Silva" });
    });
  });

  describe("column pages", () => {
    async function walk(client: TestClient, stageId: string, first: { leads: Card[]; nextCursor: string | null }, filters = "") {
      const ids = first.leads.map((card) => card.id);
      let cursor = first.nextCursor;
      let pages = 1;
      while (cursor) {
        const { status, body } = await getJson<{ leads: Card[]; nextCursor: string | null }>(
          client,
          `/o/aurora/board/column?stageId=${stageId}&cursor=${encodeURIComponent(cursor)}${filters ? `&${filters}` : ""}`,
        );
        expect(status).toBe(200);
        expect(body.leads.length).toBeLessThanOrEqual(30);
        ids.push(...body.leads.map((card) => card.id));
        cursor = body.nextCursor;
        pages++;
        expect(pages).toBeLessThan(100);
      }
      return ids;
    }

    it("returns every card of every column exactly once, in board order", async () => {
      const board = (await loadBoard(rep, "aurora")).data!;
      const want = await expected("true");
      let multiPage = 0;
      for (const stage of board.stages) {
        const ids = await walk(rep, stage.id, stage);
        expect(ids, stage.name).toEqual(want.get(stage.id)!.ids);
        expect(new Set(ids).size).toBe(ids.length);
        if (ids.length > 30) multiPage++;
      }
      expect(multiPage).toBeGreaterThan(0);
    });

    it("pages through a filtered column the same way", async () => {
      const board = (await loadBoard(rep, "aurora", "min=1000")).data!;
      const want = await expected("l.estimated_value >= 1000");
      for (const stage of board.stages) {
        expect(await walk(rep, stage.id, stage, "min=1000"), stage.name).toEqual(want.get(stage.id)!.ids);
      }
    });

    it("starts from the top without a cursor", async () => {
      const { status, body } = await getJson<{ leads: Card[]; nextCursor: string | null }>(rep, `/o/aurora/board/column?stageId=${stages[0].id}`);
      expect(status).toBe(200);
      expect(body.leads.map((card) => card.id)).toEqual((await expected("true")).get(stages[0].id)!.ids.slice(0, 30));
    });

    it("answers 400 to a bad stage id or cursor and 404 to another organization's stage", async () => {
      for (const query of ["stageId=nope", "", `stageId=${stages[0].id}&cursor=not-a-key!`, `stageId=${stages[0].id}&cursor=a00`]) {
        expect((await rep.get(`/o/aurora/board/column?${query}`)).status, query).toBe(400);
      }
      const [borealStage] = await stagesOf(db, borealId);
      expect((await rep.get(`/o/aurora/board/column?stageId=${borealStage.id}`)).status).toBe(404);
      const foreign = await borealOwner.get(`/o/aurora/board/column?stageId=${stages[0].id}`);
      expect(foreign.status).toBe(404);
      expect(foreign.body).not.toContain(stages[0].id);
    });
  });

  describe("cards by id", () => {
    it("returns each card as the board shows it, null when filtered out or unknown, and fresh totals", async () => {
      const board = (await loadBoard(rep, "aurora", "assignee=mine")).data!;
      const mine = board.stages.flatMap((stage) => stage.leads).slice(0, 2);
      const [notMine] = await db.adminQuery<{ id: string }>(
        `select id from leads where organization_id = $1 and status <> 'archived' and assignee_id is distinct from $2 limit 1`,
        [auroraId, repUser.id],
      );
      const [archived] = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 and status = 'archived' limit 1`, [auroraId]);
      const [boreal] = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 limit 1`, [borealId]);
      const missing = "00000000-0000-4000-8000-000000000000";
      const ids = [...mine.map((card) => card.id), notMine.id, archived.id, boreal.id, missing];
      const { status, body } = await getJson<{ cards: Record<string, Card | null>; stages: { id: string; count: number; totalValue: string }[] }>(
        rep,
        `/o/aurora/board/cards?ids=${ids.join(",")}&assignee=mine`,
      );
      expect(status).toBe(200);
      expect(Object.keys(body.cards).sort()).toEqual([...ids].sort());
      expect(body.cards[mine[0].id]).toEqual(mine[0]);
      expect(body.cards[mine[1].id]).toEqual(mine[1]);
      expect(body.cards[notMine.id]).toBeNull();
      expect(body.cards[archived.id]).toBeNull();
      expect(body.cards[boreal.id]).toBeNull();
      expect(body.cards[missing]).toBeNull();
      expect(body.stages).toEqual(board.stages.map((stage) => ({ id: stage.id, count: stage.count, totalValue: stage.totalValue })));

      const unfiltered = await getJson<{ cards: Record<string, Card | null> }>(rep, `/o/aurora/board/cards?ids=${notMine.id}`);
      expect(unfiltered.body.cards[notMine.id]?.id).toBe(notMine.id);
    });

    it("answers 400 to malformed or too many ids", async () => {
      expect((await rep.get(`/o/aurora/board/cards?ids=abc`)).status).toBe(400);
      const many = Array.from({ length: 201 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
      expect((await rep.get(`/o/aurora/board/cards?ids=${many.join(",")}`)).status).toBe(400);
      const empty = await getJson<{ cards: Record<string, unknown>; stages: unknown[] }>(rep, `/o/aurora/board/cards?ids=`);
      expect(empty.status).toBe(200);
      expect(empty.body.cards).toEqual({});
      expect(empty.body.stages).toHaveLength(5);
    });

    it("is another organization's only as a 404", async () => {
      const [lead] = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 limit 1`, [auroraId]);
      const response = await borealOwner.get(`/o/aurora/board/cards?ids=${lead.id}`);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain(lead.id);
    });
  });
});
