import { beforeAll, describe, expect, it } from "vitest";
import { createLead } from "~/modules/leads/create-lead.server";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { columnOrder, fingerprint, organizationId, postBoard, stagesOf, userByEmail, type Card } from "./support";

/** Quick add at the top of a column: validation, placement, history and event. */
describe("quick add", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const rep = new TestClient(server);
  const viewer = new TestClient(server);
  const borealOwner = new TestClient(server);

  let auroraId = "";
  let repUser = { id: "", fullName: "" };
  let stages: { id: string; name: string }[] = [];

  const create = (client: TestClient, form: Record<string, string>, slug = "aurora") => postBoard(client, slug, { intent: "create", ...form });

  beforeAll(async () => {
    auroraId = await organizationId(db, "aurora");
    repUser = await userByEmail(db, "rep@aurora.test");
    stages = await stagesOf(db, auroraId);
    await rep.login("rep@aurora.test");
    await viewer.login("viewer@aurora.test");
    await borealOwner.login("owner@boreal.test");
  });

  it("puts the new lead at the top of the column, with one 'created' entry and one lead.created event", async () => {
    const column = await columnOrder(db, stages[1].id);
    const { status, body } = await create(rep, {
      stageId: stages[1].id,
      fullName: "  Joana Prado  ",
      phone: "(11) 98765-4321",
      company: "Prado & Filhos",
      estimatedValue: "4.500,00",
    });
    expect(status).toBe(200);
    const card = body.card as Card;
    expect(body.ok).toBe(true);
    expect(card).toMatchObject({
      stageId: stages[1].id,
      version: 1,
      fullName: "Joana Prado",
      company: "Prado & Filhos",
      estimatedValue: "4500.00",
      source: null,
      priority: "medium",
      tags: [],
      assignee: null,
    });
    expect(await columnOrder(db, stages[1].id)).toEqual([card.id, ...column]);

    const [row] = await db.adminQuery<{ organization_id: string; phone: string; created_by_id: string; status: string; position: string }>(
      `select organization_id, phone, created_by_id, status, position from leads where id = $1`,
      [card.id],
    );
    expect(row).toMatchObject({ organization_id: auroraId, phone: "+5511987654321", created_by_id: repUser.id, status: "active", position: card.position });

    const activities = await db.adminQuery<{ activity_type: string; actor_id: string }>(`select activity_type, actor_id from lead_activities where lead_id = $1`, [card.id]);
    expect(activities).toEqual([{ activity_type: "created", actor_id: repUser.id }]);
    const events = await db.adminQuery<{ type: string; data: Record<string, unknown> }>(
      `select type, data from realtime_events where data->>'leadId' = $1`,
      [card.id],
    );
    expect(events).toEqual([
      { type: "lead.created", data: { leadId: card.id, stageId: stages[1].id, version: 1, actor: { id: repUser.id, name: repUser.fullName } } },
    ]);

    const second = await create(rep, { stageId: stages[1].id, fullName: "Segundo", estimatedValue: "1200.5" });
    expect(second.status).toBe(200);
    expect((second.body.card as Card).estimatedValue).toBe("1200.50");
    expect((await columnOrder(db, stages[1].id)).slice(0, 2)).toEqual([(second.body.card as Card).id, card.id]);
  });

  it("accepts the ways people type phones and values", async () => {
    const cases: [Record<string, string>, { phone: string | null; estimated_value: string | null }][] = [
      [{ phone: "11 3456-7890", estimatedValue: "4500.00" }, { phone: "+551134567890", estimated_value: "4500.00" }],
      [{ phone: "+55 (21) 99876-5432", estimatedValue: "R$ 1.234.567,89" }, { phone: "+5521998765432", estimated_value: "1234567.89" }],
      [{ phone: "011 98765-4321", estimatedValue: "0" }, { phone: "+5511987654321", estimated_value: "0.00" }],
      [{ phone: "+1 415 555 2671", estimatedValue: "" }, { phone: "+14155552671", estimated_value: null }],
      [{ phone: "", estimatedValue: "4.500" }, { phone: null, estimated_value: "4500.00" }],
    ];
    for (const [fields, expected] of cases) {
      const { status, body } = await create(rep, { stageId: stages[0].id, fullName: "Lead rápido", ...fields });
      expect(status, JSON.stringify(fields)).toBe(200);
      const [row] = await db.adminQuery(`select phone, estimated_value from leads where id = $1`, [(body.card as Card).id]);
      expect(row, JSON.stringify(fields)).toEqual(expected);
    }
  });

  it("answers 400 with a message per field and stores nothing", async () => {
    const before = await fingerprint(db);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ fullName: "" }, "fullName", /Informe o nome/],
      [{ fullName: "   " }, "fullName", /Informe o nome/],
      [{ fullName: "x".repeat(161) }, "fullName", /160/],
      [{ fullName: "Ana", phone: "123" }, "phone", /Telefone inválido/],
      [{ fullName: "Ana", phone: "(11) 1234-56789" }, "phone", /Telefone inválido/],
      [{ fullName: "Ana", phone: "+55 11 98765-4321 ramal 2" }, "phone", /Telefone inválido/],
      [{ fullName: "Ana", estimatedValue: "-10" }, "estimatedValue", /negativo/],
      [{ fullName: "Ana", estimatedValue: "dez mil" }, "estimatedValue", /valor válido/],
      [{ fullName: "Ana", estimatedValue: "4,500,00" }, "estimatedValue", /valor válido/],
      [{ fullName: "Ana", estimatedValue: "9999999999999" }, "estimatedValue", /alto demais/],
      [{ fullName: "Ana", company: "y".repeat(161) }, "company", /160/],
    ];
    for (const [fields, field, message] of cases) {
      const { status, body } = await create(rep, { stageId: stages[0].id, ...fields });
      expect(status, JSON.stringify(fields)).toBe(400);
      const errors = (body.fieldErrors as Record<string, string[]>)[field];
      expect(errors?.join(" "), JSON.stringify(fields)).toMatch(message);
    }
    const noStage = await create(rep, { fullName: "Ana" });
    expect(noStage.status).toBe(400);
    expect(noStage.body.fieldErrors).toHaveProperty("stageId");
    expect(await fingerprint(db)).toEqual(before);
  });

  it("refuses viewers, other organizations' stages and archived stages, and stores nothing", async () => {
    const [borealId] = [await organizationId(db, "boreal")];
    const [borealStage] = await stagesOf(db, borealId);
    await db.adminQuery(
      `insert into pipeline_stages (id, organization_id, name, position, color, stage_type, is_active, created_at, updated_at)
       values (gen_random_uuid(), $1, 'Arquivada', 98, '#000000', 'custom', false, now(), now())`,
      [auroraId],
    );
    const [archived] = await db.adminQuery<{ id: string }>(`select id from pipeline_stages where organization_id = $1 and not is_active`, [auroraId]);
    const before = await fingerprint(db);

    expect((await create(viewer, { stageId: stages[0].id, fullName: "Ana" })).status).toBe(403);
    expect((await create(rep, { stageId: borealStage.id, fullName: "Ana" })).status).toBe(404);
    expect((await create(rep, { stageId: archived.id, fullName: "Ana" })).status).toBe(404);
    expect((await create(borealOwner, { stageId: stages[0].id, fullName: "Ana" }, "boreal")).status).toBe(404);
    expect((await create(borealOwner, { stageId: stages[0].id, fullName: "Ana" }, "aurora")).status).toBe(404);
    const direct = createLead(
      { organizationId: borealId, user: repUser },
      { stageId: stages[0].id, fullName: "Ana", phone: null, company: null, estimatedValue: null },
    );
    await expect(direct).rejects.toMatchObject({ status: 404, code: "not_found" });
    expect(await fingerprint(db)).toEqual(before);
  });

  it("never gives two leads added at the same time the same place", async () => {
    const actor = { organizationId: auroraId, user: repUser };
    const input = { stageId: stages[4].id, phone: null, company: null, estimatedValue: null };
    const cards = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createLead(actor, { ...input, fullName: `Simultâneo ${i}` })),
    );
    const positions = await db.adminQuery<{ position: string }>(`select position from leads where stage_id = $1`, [stages[4].id]);
    expect(new Set(positions.map((p) => p.position)).size).toBe(positions.length);
    const top = (await columnOrder(db, stages[4].id)).slice(0, 8);
    expect([...top].sort()).toEqual(cards.map((card) => card.id).sort());
  });
});
