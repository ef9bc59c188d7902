import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isOrderingKey } from "~/lib/ordering";
import { moveLead } from "~/modules/leads/move-lead.server";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { columnOrder, fingerprint, getJson, leadRow, moveCard, organizationId, postBoard, stagesOf, userByEmail, type Card } from "./support";
import { createRandom } from "@db/seeds/demo-data";


describe("moving a lead on the board", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const rep = new TestClient(server);
  const owner = new TestClient(server);
  const viewer = new TestClient(server);
  const borealOwner = new TestClient(server);

  let auroraId = "";
  let borealId = "";
  let repUser = { id: "", fullName: "" };
  let ownerUser = { id: "", fullName: "" };
  let stages: { id: string; name: string }[] = [];

  async function activitiesOf(leadId: string) {
    return db.adminQuery<{ activity_type: string; actor_id: string; metadata: Record<string, unknown> }>(
      `select activity_type, actor_id, metadata from lead_activities where lead_id = $1 and activity_type in ('stage_changed', 'reordered') order by created_at`,
      [leadId],
    );
  }

  async function movedEvents(leadId: string) {
    return db.adminQuery<{ event_id: string; organization_id: string; data: Record<string, unknown> }>(
      `select event_id, organization_id, data from realtime_events where type = 'lead.moved' and data->>'leadId' = $1 order by event_id`,
      [leadId],
    );
  }

  /** The organization's last allocated event id: a move that writes nothing must not take one (ids are gap-free). */
  async function lastEventIdOf(organization: string) {
    const [row] = await db.adminQuery<{ last_event_id: string }>(`select last_event_id from realtime_sequences where organization_id = $1`, [
      organization,
    ]);
    return Number(row?.last_event_id ?? 0);
  }

  /** Every lead row but one, to show a move wrote nothing else. */
  async function otherLeads(leadId: string) {
    return db.adminQuery(`select * from leads where id <> $1 order by id`, [leadId]);
  }

  beforeAll(async () => {
    auroraId = await organizationId(db, "aurora");
    borealId = await organizationId(db, "boreal");
    repUser = await userByEmail(db, "rep@aurora.test");
    ownerUser = await userByEmail(db, "owner@aurora.test");
    stages = await stagesOf(db, auroraId);
    await rep.login("rep@aurora.test");
    await owner.login("owner@aurora.test");
    await viewer.login("viewer@aurora.test");
    await borealOwner.login("owner@boreal.test");
  });

  let lead = "";
  let version = 0;
  beforeEach(async () => {
    // A fresh victim each time: the first card of the first column.
    [lead] = await columnOrder(db, stages[0].id);
    version = (await leadRow(db, lead)).version;
  });

  it("moves a card to the top of another column, writing one lead row, one activity and one event", async () => {
    const others = await otherLeads(lead);
    const [eventsBefore] = await db.adminQuery<{ n: number }>(`select count(*)::int as n from realtime_events`);
    const lastIdBefore = await lastEventIdOf(auroraId);
    const target = stages[2];

    const { status, body } = await moveCard(rep, lead, target.id, null, version);

    expect(status).toBe(200);
    const card = body.card as Card;
    expect(body.ok).toBe(true);
    expect(card).toMatchObject({ id: lead, stageId: target.id, version: version + 1 });
    const row = await leadRow(db, lead);
    expect(row).toMatchObject({ stage_id: target.id, version: version + 1, position: card.position });
    expect(isOrderingKey(row.position)).toBe(true);
    expect((await columnOrder(db, target.id))[0]).toBe(lead);
    expect(await columnOrder(db, stages[0].id)).not.toContain(lead);
    expect(await otherLeads(lead)).toEqual(others);
    // The card the move answers with is the card the board reads afterwards.
    const read = await getJson<{ cards: Record<string, Card | null> }>(rep, `/o/aurora/board/cards?ids=${lead}`);
    expect(card).toEqual(read.body.cards[lead]);

    const activities = await activitiesOf(lead);
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({
      activity_type: "stage_changed",
      actor_id: repUser.id,
      metadata: { fromStageId: stages[0].id, toStageId: target.id, fromStageName: stages[0].name, toStageName: target.name },
    });

    const events = await movedEvents(lead);
    expect(events).toHaveLength(1);
    expect(events[0].organization_id).toBe(auroraId);
    expect(Number(events[0].event_id)).toBe(lastIdBefore + 1);
    expect(events[0].data).toMatchObject({
      leadId: lead,
      fromStageId: stages[0].id,
      toStageId: target.id,
      afterLeadId: null,
      version: version + 1,
      actor: { id: repUser.id, name: repUser.fullName },
    });
    const [eventsAfter] = await db.adminQuery<{ n: number }>(`select count(*)::int as n from realtime_events`);
    expect(eventsAfter.n).toBe(eventsBefore.n + 1);
  });

  it("places the card right after afterLeadId, across columns and within one", async () => {
    const target = stages[3];
    const column = await columnOrder(db, target.id);
    expect(column.length).toBeGreaterThan(3);

    const across = await moveCard(rep, lead, target.id, column[1], version);
    expect(across.status).toBe(200);
    expect(await columnOrder(db, target.id)).toEqual([column[0], column[1], lead, ...column.slice(2)]);

    // Within the column: to the bottom, then back up right after the first card.
    const last = column[column.length - 1];
    const down = await moveCard(rep, lead, target.id, last, version + 1);
    expect(down.status).toBe(200);
    expect(await columnOrder(db, target.id)).toEqual([...column, lead]);
    const up = await moveCard(rep, lead, target.id, column[0], version + 2);
    expect(up.status).toBe(200);
    expect(await columnOrder(db, target.id)).toEqual([column[0], lead, ...column.slice(1)]);

    const activities = await activitiesOf(lead);
    expect(activities.map((a) => a.activity_type)).toEqual(["stage_changed", "reordered", "reordered"]);
    expect(await movedEvents(lead)).toHaveLength(3);
    expect((await leadRow(db, lead)).version).toBe(version + 3);
  });

  it("keeps the order the moves asked for over a long random sequence (the positions' order is the board order)", async () => {
    const random = createRandom(20261122);
    const model = new Map<string, string[]>();
    for (const stage of stages) model.set(stage.id, await columnOrder(db, stage.id));
    const versions = new Map<string, number>();
    const versionOf = async (id: string) => versions.get(id) ?? (await leadRow(db, id)).version;

    for (let step = 0; step < 60; step++) {
      const fromStage = stages[Math.floor(random() * stages.length)];
      const from = model.get(fromStage.id)!;
      if (!from.length) continue;
      // Favour the ends of columns: that is where keys used to grow.
      const pick = random() < 0.3 ? 0 : Math.floor(random() * from.length);
      const leadId = from[pick];
      const toStage = random() < 0.5 ? fromStage : stages[Math.floor(random() * stages.length)];
      const to = model.get(toStage.id)!.filter((id) => id !== leadId);
      const roll = random();
      const index = roll < 0.35 ? 0 : roll < 0.5 ? to.length : Math.floor(random() * (to.length + 1));
      const after = index === 0 ? null : to[index - 1];
      const current = await versionOf(leadId);
      const unchanged = fromStage.id === toStage.id && from.indexOf(leadId) === index;

      const { status, body } = await moveCard(rep, leadId, toStage.id, after, current);
      expect(status, `step ${step}`).toBe(200);
      expect((body.card as Card).version).toBe(unchanged ? current : current + 1);
      versions.set(leadId, (body.card as Card).version);
      model.set(fromStage.id, from.filter((id) => id !== leadId));
      to.splice(index, 0, leadId);
      model.set(toStage.id, to);
    }
    for (const stage of stages) expect(await columnOrder(db, stage.id), stage.name).toEqual(model.get(stage.id));
    const [longest] = await db.adminQuery<{ n: number }>(`select max(length(position))::int as n from leads where organization_id = $1`, [auroraId]);
    expect(longest.n).toBeLessThanOrEqual(6);
  });

  it("dropping a card where it already is changes nothing and records nothing", async () => {
    const before = await fingerprint(db);
    const { status, body } = await moveCard(rep, lead, stages[0].id, null, version);
    expect(status).toBe(200);
    expect((body.card as Card).version).toBe(version);
    expect(await fingerprint(db)).toEqual(before);
  });

  it("keeps keys short however many times cards go to the top", async () => {
    const target = stages[4];
    const actor = { organizationId: auroraId, user: repUser };
    const ids = (await columnOrder(db, stages[1].id)).slice(0, 6);
    // Each move answers the card's new version: 150 moves without a fresh connection per read.
    const versions = new Map<string, number>();
    for (const id of ids) versions.set(id, (await leadRow(db, id)).version);
    for (let round = 0; round < 25; round++) {
      for (const id of ids) {
        const result = await moveLead(actor, { leadId: id, toStageId: target.id, afterLeadId: null, version: versions.get(id)! });
        expect(result.status).toBe("moved");
        versions.set(id, result.card.version);
      }
    }
    expect((await columnOrder(db, target.id)).slice(0, 6)).toEqual([...ids].reverse());
    const [longest] = await db.adminQuery<{ n: number }>(`select max(length(position))::int as n from leads where stage_id = $1`, [target.id]);
    // 150 moves to the top: the old scheme would be past 30 characters here.
    expect(longest.n).toBeLessThanOrEqual(3);
  });

  describe("a stale version", () => {
    it("is refused with 409, changes nothing, and says who moved the lead where", async () => {
      const first = await moveCard(rep, lead, stages[2].id, null, version);
      expect(first.status).toBe(200);
      const before = await fingerprint(db);

      const { status, body } = await moveCard(owner, lead, stages[3].id, null, version);

      expect(status).toBe(409);
      expect(body).toMatchObject({ ok: false, error: "stale", movedBy: repUser });
      expect(body.message).toBe(`${repUser.fullName.split(" ")[0]} moveu este lead para ${stages[2].name} agora`);
      expect(body.card).toMatchObject({ id: lead, stageId: stages[2].id, version: version + 1 });
      expect(await fingerprint(db)).toEqual(before);
    });

    it("names an edit the same way when the last change was not a move", async () => {
      await db.adminQuery(`update lead_activities set created_at = created_at - interval '30 days' where lead_id = $1`, [lead]);
      await db.adminQuery(`update leads set version = version + 1, company = 'Outra' where id = $1`, [lead]);
      await db.adminQuery(
        `insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
         values (gen_random_uuid(), $1, $2, $3, 'updated', 'Editou empresa', '{}', now() - interval '2 hours')`,
        [auroraId, lead, ownerUser.id],
      );
      const before = await fingerprint(db);
      const { status, body } = await moveCard(rep, lead, stages[1].id, null, version);
      expect(status).toBe(409);
      expect(body.message).toBe(`${ownerUser.fullName.split(" ")[0]} alterou este lead há 2 horas`);
      expect(body.movedBy).toEqual(ownerUser);
      expect(await fingerprint(db)).toEqual(before);
    });

    it("lets exactly one of two simultaneous moves of the same card win", async () => {
      for (let round = 0; round < 6; round++) {
        const [id] = await columnOrder(db, stages[round % 2].id);
        const current = (await leadRow(db, id)).version;
        const targets = round % 3 === 0 ? [stages[3].id, stages[3].id] : [stages[3].id, stages[4].id];
        const eventsBefore = (await movedEvents(id)).length;

        const results = await Promise.all([moveCard(rep, id, targets[0], null, current), moveCard(owner, id, targets[1], null, current)]);

        expect(results.map((r) => r.status).sort(), `round ${round}`).toEqual([200, 409]);
        const winner = results.findIndex((r) => r.status === 200);
        const row = await leadRow(db, id);
        expect(row).toMatchObject({ stage_id: targets[winner], version: current + 1 });
        expect((await movedEvents(id)).length).toBe(eventsBefore + 1);
        const loser = results[1 - winner].body;
        expect(loser.card).toMatchObject({ stageId: targets[winner], version: current + 1 });
        expect(loser.movedBy).toEqual(winner === 0 ? repUser : ownerUser);
      }
    });

    it("is caught by the guarded write when the other change commits between the read and the write", async () => {
      const actor = { organizationId: auroraId, user: repUser };
      const eventsBefore = (await movedEvents(lead)).length;
      const lastIdBefore = await lastEventIdOf(auroraId);
      const other = new pg.Client({ connectionString: db.superuserUrl });
      await other.connect();
      try {
        // Another writer holds the row with a newer version, not yet committed.
        await other.query("begin");
        await other.query(`update leads set version = version + 1 where id = $1`, [lead]);
        const pending = moveLead(actor, { leadId: lead, toStageId: stages[2].id, afterLeadId: null, version });
        let waiting = 0;
        for (let attempt = 0; attempt < 200 && waiting === 0; attempt++) {
          await delay(25);
          [{ waiting }] = await db.adminQuery<{ waiting: number }>(
            `select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and query like '%update leads set stage_id%'`,
          );
        }
        expect(waiting).toBe(1);
        await other.query("commit");
        const result = await pending;
        expect(result.status).toBe("stale");
      } finally {
        await other.end();
      }
      expect(await leadRow(db, lead)).toMatchObject({ stage_id: stages[0].id, version: version + 1 });
      expect(await movedEvents(lead)).toHaveLength(eventsBefore);
      expect(await lastEventIdOf(auroraId)).toBe(lastIdBefore);
    });

    it("lets exactly one win when the two moves race inside the domain function as well", async () => {
      const actorA = { organizationId: auroraId, user: repUser };
      const actorB = { organizationId: auroraId, user: ownerUser };
      for (let round = 0; round < 6; round++) {
        const [id] = await columnOrder(db, stages[1].id);
        const current = (await leadRow(db, id)).version;
        const [activitiesBefore, eventsBefore] = [(await activitiesOf(id)).length, (await movedEvents(id)).length];
        const results = await Promise.all([
          moveLead(actorA, { leadId: id, toStageId: stages[2].id, afterLeadId: null, version: current }),
          moveLead(actorB, { leadId: id, toStageId: stages[3].id, afterLeadId: null, version: current }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(["moved", "stale"]);
        expect((await leadRow(db, id)).version).toBe(current + 1);
        expect(await activitiesOf(id)).toHaveLength(activitiesBefore + 1);
        expect(await movedEvents(id)).toHaveLength(eventsBefore + 1);
      }
    });
  });

  describe("refusals", () => {
    it("refuses viewers with 403 and changes nothing", async () => {
      const before = await fingerprint(db);
      const { status } = await moveCard(viewer, lead, stages[2].id, null, version);
      expect(status).toBe(403);
      expect(await fingerprint(db)).toEqual(before);
    });

    it("answers 404 to another organization's lead, stage or reference card, and changes nothing anywhere", async () => {
      const [borealLead] = await db.adminQuery<{ id: string; version: number; stage_id: string }>(
        `select id, version, stage_id from leads where organization_id = $1 order by id limit 1`,
        [borealId],
      );
      const [borealStage] = await stagesOf(db, borealId);
      const auroraColumn = await columnOrder(db, stages[2].id);
      const before = await fingerprint(db);
      const attempts: [TestClient, string, string, string | null, number, string][] = [
        // An aurora member aiming at boreal's rows through aurora's URL.
        [rep, borealLead.id, stages[1].id, null, borealLead.version, "aurora"],
        [rep, lead, borealStage.id, null, version, "aurora"],
        [rep, lead, stages[1].id, borealLead.id, version, "aurora"],
        // A boreal owner aiming at aurora's rows through boreal's URL, and at aurora's URL.
        [borealOwner, lead, borealStage.id, null, version, "boreal"],
        [borealOwner, borealLead.id, stages[2].id, null, borealLead.version, "boreal"],
        [borealOwner, borealLead.id, borealLead.stage_id, auroraColumn[0], borealLead.version, "boreal"],
        [borealOwner, lead, stages[2].id, null, version, "aurora"],
      ];
      for (const [client, leadId, stageId, after, v, slug] of attempts) {
        const { status, body } = await moveCard(client, leadId, stageId, after, v, slug);
        expect(status, JSON.stringify({ leadId, stageId, after, slug })).toBe(404);
        expect(body.card).toBeUndefined();
      }
      expect(await fingerprint(db)).toEqual(before);
    });

    it("answers 404 to an unknown lead, an archived stage and a reference card that is in another column", async () => {
      const otherColumn = await columnOrder(db, stages[3].id);
      await db.adminQuery(
        `insert into pipeline_stages (id, organization_id, name, position, color, stage_type, is_active, created_at, updated_at)
         values (gen_random_uuid(), $1, 'Antiga', 99, '#000000', 'custom', false, now(), now())`,
        [auroraId],
      );
      const [archived] = await db.adminQuery<{ id: string }>(`select id from pipeline_stages where organization_id = $1 and not is_active`, [auroraId]);
      const before = await fingerprint(db);
      const cases: [string, string, string | null][] = [
        ["00000000-0000-4000-8000-000000000000", stages[1].id, null],
        [lead, archived.id, null],
        [lead, "00000000-0000-4000-8000-000000000000", null],
        [lead, stages[2].id, otherColumn[0]],
      ];
      for (const [leadId, stageId, after] of cases) {
        const { status, body } = await moveCard(rep, leadId, stageId, after, version);
        expect(status, `${leadId} → ${stageId} after ${after}`).toBe(404);
        expect(body).toMatchObject({ ok: false, error: "not_found" });
      }
      expect(await fingerprint(db)).toEqual(before);
    });

    it("answers 400 to malformed input and changes nothing", async () => {
      const before = await fingerprint(db);
      const valid = { intent: "move", leadId: lead, toStageId: stages[1].id, afterLeadId: "", version: String(version) };
      const bad: Record<string, string>[] = [
        { ...valid, leadId: "not-a-uuid" },
        { ...valid, toStageId: "" },
        { ...valid, afterLeadId: "x" },
        { ...valid, afterLeadId: lead },
        { ...valid, version: "abc" },
        { ...valid, version: "0" },
        { ...valid, version: "1.5" },
        { ...valid, version: "99999999999" },
        { ...valid, intent: "teleport" },
        { leadId: lead },
      ];
      for (const form of bad) {
        const { status, body } = await postBoard(rep, "aurora", form);
        expect(status, JSON.stringify(form)).toBe(400);
        expect(Object.keys(body.fieldErrors ?? {}).length, JSON.stringify(form)).toBeGreaterThan(0);
      }
      const json = await rep.request("/o/aurora/board.data", {
        method: "POST",
        body: JSON.stringify(valid),
        headers: { "content-type": "multipart/form-data; boundary=nope" },
      });
      expect(json.status).toBe(400);
      expect(await fingerprint(db)).toEqual(before);
    });

    it("refuses a position that would not fit the column instead of failing", async () => {
      // Two neighbours whose gap has been split ~1,200 times: the next key would not fit leads.position.
      const [a, b] = await columnOrder(db, stages[1].id);
      await db.adminQuery(`update leads set position = $2 where id = $1`, [a, "Zz" + "z".repeat(253)]);
      await db.adminQuery(`update leads set position = 'a0' where id = $1`, [b]);
      expect((await columnOrder(db, stages[1].id)).slice(0, 2)).toEqual([a, b]);
      const before = await fingerprint(db);
      const { status, body } = await moveCard(rep, lead, stages[1].id, a, version);
      expect(status).toBe(422);
      expect(body).toMatchObject({ ok: false, error: "no_room" });
      expect(await fingerprint(db)).toEqual(before);
    });
  });
});
