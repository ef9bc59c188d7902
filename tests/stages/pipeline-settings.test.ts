import { beforeAll, describe, expect, it } from "vitest";
import { markupOf, signInDemoCast, type DemoPerson, TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import type { AuditRow } from "../support/audit";

const PIPELINE = "/o/aurora/settings/pipeline";
const USER_AGENT = "pipeline-test/1.0";

interface StageRow {
  id: string;
  name: string;
  color: string;
  position: number;
  is_active: boolean;
}

/**
 * Pipeline settings over HTTP: only admins and owners reach them; every change
 * is validated, audited and recorded as an event in its transaction; archiving
 * relocates the stage's leads without losing or reordering any. The tests run
 * in order against one database and build on each other's stages.
 */
describe("pipeline settings", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;
  const users = {} as Record<"owner" | "boreal", string>;
  let auroraId = "";
  let borealId = "";

  const stages = (organizationId = auroraId, activeOnly = true) =>
    db.adminQuery<StageRow>(
      `select id, name, color, position, is_active from pipeline_stages
        where organization_id = $1 ${activeOnly ? "and is_active" : ""} order by position, created_at`,
      [organizationId],
    );
  const stageNamed = async (name: string, organizationId = auroraId) => (await stages(organizationId, false)).find((s) => s.name === name)!;
  const stageEvents = (organizationId = auroraId) =>
    db.adminQuery<{ event_id: string; type: string; data: Record<string, unknown> }>(
      "select event_id::text, type, data from realtime_events where organization_id = $1 and type like 'stage.%' order by event_id",
      [organizationId],
    );
  const audits = (action: string) =>
    db.adminQuery<AuditRow>(
      "select action, actor_id, resource_id, ip_address, user_agent, changes from audit_logs where action = $1 order by created_at",
      [action],
    );
  const leadsIn = (stageId: string) =>
    db.adminQuery<{ id: string; position: string; version: number }>(
      "select id, position, version from leads where stage_id = $1 order by position collate \"C\"",
      [stageId],
    );
  /** Everything a refused request must leave alone, across tenants. */
  async function fingerprint() {
    const digest = (table: string) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${table} t)`;
    const [row] = await db.adminQuery<Record<string, string>>(
      `select ${digest("pipeline_stages")} as stages, ${digest("leads")} as leads,
              (select count(*) from lead_activities)::text as activities,
              (select count(*) from audit_logs)::text as audits,
              (select count(*) from realtime_events)::text as events`,
    );
    return row;
  }
  const post = (client: TestClient, form: Record<string, string>, path = PIPELINE) =>
    client.request(path, { form, headers: { "user-agent": USER_AGENT } });

  beforeAll(async () => {
    const orgs = await db.adminQuery<{ id: string; slug: string }>("select id, slug from organizations");
    auroraId = orgs.find((o) => o.slug === "aurora")!.id;
    borealId = orgs.find((o) => o.slug === "boreal")!.id;
    clients = await signInDemoCast(server);
    users.owner = (await db.adminQuery<{ id: string }>("select id from users where email = 'owner@aurora.test'"))[0].id;
    users.boreal = (await db.adminQuery<{ id: string }>("select id from users where email = 'owner@boreal.test'"))[0].id;
  });

  describe("access", () => {
    it("shows the owner the active stages in order, with colours and lead counts", async () => {
      const response = await clients.owner.get(PIPELINE);
      expect(response.status).toBe(200);
      const active = await stages();
      expect(active.map((s) => s.name)).toEqual(["Lead", "Contato", "Proposta", "Negociação", "Fechado"]);
      const offsets = active.map((s) => response.body.indexOf(`data-stage-id="${s.id}"`));
      expect(offsets.every((offset) => offset >= 0)).toBe(true);
      expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
      const counts = await db.adminQuery<{ stage_id: string; n: number }>(
        "select stage_id, count(*)::int as n from leads where organization_id = $1 group by stage_id",
        [auroraId],
      );
      for (const stage of active) {
        expect(response.body).toContain(stage.color);
        const n = counts.find((c) => c.stage_id === stage.id)?.n ?? 0;
        expect(response.body).toMatch(new RegExp(`data-stage-id="${stage.id}"[\\s\\S]*?${n}(<!-- -->)? leads`));
      }
      expect(response.body).toContain(`aria-label="Mover Proposta para cima"`);
      expect(response.body).toContain(`aria-label="Mover Proposta para baixo"`);
    });

    it("links the page in the header for owners only among the seeded roles", async () => {
      const [leadRow] = await db.adminQuery<{ id: string }>("select id from leads where organization_id = $1 limit 1", [auroraId]);
      expect((await clients.owner.get(PIPELINE)).body).toContain('href="/o/aurora/settings/pipeline"');
      for (const name of ["manager", "rep", "viewer"] as const) {
        const response = await clients[name].get(`/o/aurora/leads/${leadRow.id}`);
        expect(response.status, name).toBe(200);
        expect(response.body, name).not.toContain("/settings/pipeline");
      }
    });

    it("refuses the page and every action to managers, members and viewers (403), changing nothing", async () => {
      const [proposta, contato] = [await stageNamed("Proposta"), await stageNamed("Contato")];
      const attempts: Record<string, string>[] = [
        { intent: "create", name: "Nova", color: "#123456" },
        { intent: "update", stageId: proposta.id, name: "Renomeada", color: "#123456" },
        { intent: "move", stageId: proposta.id, direction: "up" },
        { intent: "archive", stageId: proposta.id, moveTo: contato.id },
      ];
      const before = await fingerprint();
      for (const name of ["manager", "rep", "viewer"] as const) {
        const page = await clients[name].get(PIPELINE);
        expect(page.status, name).toBe(403);
        expect(page.body).not.toContain(`data-stage-id="${proposta.id}"`);
        for (const form of attempts) {
          expect((await post(clients[name], form)).status, `${name} ${form.intent}`).toBe(403);
        }
      }
      expect(await fingerprint()).toEqual(before);
    });
  });

  describe("adding a stage", () => {
    it("adds it at the end with a normalised name and colour, an audit entry and a stage.created event", async () => {
      const before = await stages();
      const response = await post(clients.owner, { intent: "create", name: "  Reunião   agendada ", color: "#1E90FF" });
      expect(response.status).toBe(200);
      expect(response.body).toContain("Reunião agendada");
      const after = await stages();
      expect(after).toHaveLength(before.length + 1);
      const created = after[after.length - 1];
      expect(created).toMatchObject({ name: "Reunião agendada", color: "#1e90ff", position: before.length, is_active: true });

      const [audit, ...more] = await audits("stage.created");
      expect(more).toHaveLength(0);
      expect(audit.actor_id).toBe(users.owner);
      expect(audit.resource_id).toBe(created.id);
      expect(audit.changes.after).toMatchObject({ name: "Reunião agendada", color: "#1e90ff" });
      expect(audit.ip_address).toMatch(/127\.0\.0\.1/);
      expect(audit.user_agent).toBe(USER_AGENT);

      const [event] = (await stageEvents()).filter((e) => e.type === "stage.created");
      expect(event.data).toMatchObject({ stageId: created.id, name: "Reunião agendada", actor: { id: users.owner, name: "Helena Duarte" } });
    });

    const invalid: [string, Record<string, string>, string][] = [
      ["a name that exists, in another case", { name: "proposta", color: "#123456" }, "Já existe uma etapa chamada"],
      ["a name that exists, with other spacing", { name: "  Reunião  AGENDADA ", color: "#123456" }, "Já existe uma etapa chamada"],
      ["an empty name", { name: "   ", color: "#123456" }, "Informe o nome da etapa."],
      ["a name over 60 characters", { name: "x".repeat(61), color: "#123456" }, "O nome pode ter no máximo 60 caracteres."],
      ["a colour name", { name: "Nova", color: "red" }, "Escolha uma cor no formato #RRGGBB."],
      ["a short hex colour", { name: "Nova", color: "#12345" }, "Escolha uma cor no formato #RRGGBB."],
      ["a NUL in the name", { name: "No\u0000va", color: "#123456" }, "O nome contém caracteres inválidos."],
    ];
    it.each(invalid)("refuses %s (400), changing nothing", async (_name, form, message) => {
      const before = await fingerprint();
      const response = await post(clients.owner, { intent: "create", ...form });
      expect(response.status).toBe(400);
      expect(response.body).toContain(message);
      expect(await fingerprint()).toEqual(before);
    });

    it("refuses a missing colour and an unknown intent (400), changing nothing", async () => {
      const before = await fingerprint();
      expect((await post(clients.owner, { intent: "create", name: "Sem cor" })).status).toBe(400);
      const unknown = await post(clients.owner, { intent: "explode" });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toContain("Ação desconhecida.");
      expect(await fingerprint()).toEqual(before);
    });
  });

  it("refuses a body that is not a form with 400, changing nothing", async () => {
    const before = await fingerprint();
    for (const [type, body] of [
      ["application/json", '{"intent":"create","name":"X","color":"#000000"}'],
      ["multipart/form-data; boundary=nada", "isto não é multipart"],
    ]) {
      const response = await fetch(server.url + PIPELINE, {
        method: "POST",
        headers: { "content-type": type, cookie: clients.owner.cookieHeader, origin: server.url },
        body,
      });
      expect(response.status, type).toBe(400);
    }
    expect(await fingerprint()).toEqual(before);
  });

  describe("renaming and recolouring", () => {
    it("saves both with one audit entry and one stage.updated event naming the fields", async () => {
      const stage = await stageNamed("Reunião agendada");
      const events = (await stageEvents()).length;
      const response = await post(clients.owner, { intent: "update", stageId: stage.id, name: "Reunião marcada", color: "#0EA5E9" });
      expect(response.status).toBe(200);
      const after = (await stages(auroraId, false)).find((s) => s.id === stage.id)!;
      expect(after).toMatchObject({ name: "Reunião marcada", color: "#0ea5e9", position: stage.position });
      const [audit] = await audits("stage.updated");
      expect(audit.resource_id).toBe(stage.id);
      expect(audit.changes).toEqual({
        before: { name: "Reunião agendada", color: "#1e90ff" },
        after: { name: "Reunião marcada", color: "#0ea5e9" },
      });
      const added = (await stageEvents()).slice(events);
      expect(added).toHaveLength(1);
      expect(added[0].type).toBe("stage.updated");
      expect(added[0].data).toMatchObject({ stageId: stage.id, fields: ["name", "color"] });
    });

    it("lets a stage change the case of its own name", async () => {
      const stage = await stageNamed("Reunião marcada");
      const response = await post(clients.owner, { intent: "update", stageId: stage.id, name: "REUNIÃO MARCADA", color: stage.color });
      expect(response.status).toBe(200);
      expect((await stageNamed("REUNIÃO MARCADA")).id).toBe(stage.id);
      const [, last] = await audits("stage.updated");
      expect(last.changes).toEqual({ before: { name: "Reunião marcada" }, after: { name: "REUNIÃO MARCADA" } });
    });

    it("answers a save that changes nothing without an audit entry or event", async () => {
      const stage = await stageNamed("REUNIÃO MARCADA");
      const before = await fingerprint();
      const response = await post(clients.owner, { intent: "update", stageId: stage.id, name: stage.name, color: stage.color.toUpperCase() });
      expect(response.status).toBe(200);
      expect(response.body).toContain("Nada mudou.");
      expect(await fingerprint()).toEqual(before);
    });

    it("refuses another stage's name and bad input (400), changing nothing", async () => {
      const stage = await stageNamed("REUNIÃO MARCADA");
      const before = await fingerprint();
      const duplicate = await post(clients.owner, { intent: "update", stageId: stage.id, name: "Negociação", color: stage.color });
      expect(duplicate.status).toBe(400);
      expect(duplicate.body).toContain("Já existe uma etapa chamada");
      expect((await post(clients.owner, { intent: "update", stageId: stage.id, name: "", color: stage.color })).status).toBe(400);
      expect((await post(clients.owner, { intent: "update", stageId: stage.id, name: "Ok", color: "#GGGGGG" })).status).toBe(400);
      expect((await post(clients.owner, { intent: "update", stageId: "abc", name: "Ok", color: "#123456" })).status).toBe(400);
      expect(await fingerprint()).toEqual(before);
    });
  });

  describe("reordering", () => {
    it("moves a stage up, renumbering every position, with an audit entry and a stage.reordered event", async () => {
      const before = await stages();
      const proposta = before.find((s) => s.name === "Proposta")!;
      const index = before.indexOf(proposta);
      const response = await post(clients.owner, { intent: "move", stageId: proposta.id, direction: "up" });
      expect(response.status).toBe(200);
      const after = await stages();
      const expected = before.map((s) => s.id);
      [expected[index - 1], expected[index]] = [expected[index], expected[index - 1]];
      expect(after.map((s) => s.id)).toEqual(expected);
      expect(after.map((s) => s.position)).toEqual(after.map((_, i) => i));

      const [audit] = await audits("stage.reordered");
      expect(audit.changes).toEqual({ before: { stageIds: before.map((s) => s.id) }, after: { stageIds: expected } });
      const [event] = (await stageEvents()).filter((e) => e.type === "stage.reordered");
      expect(event.data).toMatchObject({ stageIds: expected, actor: { id: users.owner } });
    });

    it("moves a stage down", async () => {
      const before = await stages();
      const response = await post(clients.owner, { intent: "move", stageId: before[0].id, direction: "down" });
      expect(response.status).toBe(200);
      expect((await stages()).map((s) => s.id)).toEqual([before[1].id, before[0].id, ...before.slice(2).map((s) => s.id)]);
    });

    it("refuses moving the first stage up, the last down and an unknown direction, changing nothing", async () => {
      const active = await stages();
      const before = await fingerprint();
      expect((await post(clients.owner, { intent: "move", stageId: active[0].id, direction: "up" })).status).toBe(409);
      expect((await post(clients.owner, { intent: "move", stageId: active[active.length - 1].id, direction: "down" })).status).toBe(409);
      expect((await post(clients.owner, { intent: "move", stageId: active[1].id, direction: "sideways" })).status).toBe(400);
      expect(await fingerprint()).toEqual(before);
    });
  });

  describe("archiving", () => {
    it("archives a stage without leads, renumbering the others, with an audit entry and a stage.archived event", async () => {
      const stage = await stageNamed("REUNIÃO MARCADA");
      const response = await post(clients.owner, { intent: "archive", stageId: stage.id, moveTo: "" });
      expect(response.status).toBe(200);
      const archived = (await stages(auroraId, false)).find((s) => s.id === stage.id)!;
      expect(archived.is_active).toBe(false);
      const active = await stages();
      expect(active.map((s) => s.id)).not.toContain(stage.id);
      expect(active.map((s) => s.position)).toEqual(active.map((_, i) => i));
      const [audit] = await audits("stage.archived");
      expect(audit.resource_id).toBe(stage.id);
      expect(audit.changes.after).toEqual({ isActive: false, movedTo: null, movedLeadCount: 0 });
      const [event] = (await stageEvents()).filter((e) => e.type === "stage.archived");
      expect(event.data).toMatchObject({ stageId: stage.id, movedTo: null, movedLeadCount: 0 });
      // Its name is free again.
      expect((await post(clients.owner, { intent: "create", name: "Reunião marcada", color: "#a855f7" })).status).toBe(200);
    });

    it("asks where the leads of a stage with leads go, refusing a missing, same or archived destination (400)", async () => {
      const contato = await stageNamed("Contato");
      const archived = await stageNamed("REUNIÃO MARCADA");
      expect((await leadsIn(contato.id)).length).toBeGreaterThan(0);
      const before = await fingerprint();
      const missing = await post(clients.owner, { intent: "archive", stageId: contato.id, moveTo: "" });
      expect(missing.status).toBe(400);
      expect(missing.body).toContain("Escolha para qual etapa mover os");
      expect((await post(clients.owner, { intent: "archive", stageId: contato.id })).status).toBe(400);
      expect((await post(clients.owner, { intent: "archive", stageId: contato.id, moveTo: contato.id })).status).toBe(400);
      const toArchived = await post(clients.owner, { intent: "archive", stageId: contato.id, moveTo: archived.id });
      expect(toArchived.status).toBe(400);
      expect(toArchived.body).toContain("Essa etapa foi arquivada.");
      expect((await post(clients.owner, { intent: "archive", stageId: contato.id, moveTo: "nope" })).status).toBe(400);
      expect(await fingerprint()).toEqual(before);
    });

    it("moves every lead to the bottom of the chosen stage in its order, bumping versions, with history and one event", async () => {
      const contato = await stageNamed("Contato");
      const proposta = await stageNamed("Proposta");
      const moving = await leadsIn(contato.id);
      const staying = await leadsIn(proposta.id);
      const [{ n: total }] = await db.adminQuery<{ n: number }>("select count(*)::int as n from leads where organization_id = $1", [auroraId]);
      const events = (await stageEvents()).length;

      const response = await post(clients.owner, { intent: "archive", stageId: contato.id, moveTo: proposta.id });
      expect(response.status).toBe(200);
      expect(response.body).toContain(`${moving.length} leads foram para Proposta`);

      const after = await leadsIn(proposta.id);
      expect(after.map((l) => l.id)).toEqual([...staying.map((l) => l.id), ...moving.map((l) => l.id)]);
      // The untouched leads keep their keys; the moved ones got a new version.
      expect(after.slice(0, staying.length)).toEqual(staying);
      for (const lead of moving) expect(after.find((l) => l.id === lead.id)!.version).toBe(lead.version + 1);
      expect(await leadsIn(contato.id)).toHaveLength(0);
      const [{ n: totalAfter }] = await db.adminQuery<{ n: number }>("select count(*)::int as n from leads where organization_id = $1", [auroraId]);
      expect(totalAfter).toBe(total);

      const history = await db.adminQuery<{ lead_id: string; metadata: Record<string, unknown> }>(
        "select lead_id, metadata from lead_activities where activity_type = 'stage_changed' and metadata->>'reason' = 'stage_archived'",
      );
      expect(history.map((h) => h.lead_id).sort()).toEqual(moving.map((l) => l.id).sort());
      expect(history[0].metadata).toMatchObject({ fromStageName: "Contato", toStageName: "Proposta" });

      const added = (await stageEvents()).slice(events);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({
        type: "stage.archived",
        data: { stageId: contato.id, movedTo: proposta.id, movedLeadCount: moving.length },
      });
      const [, audit] = await audits("stage.archived");
      expect(audit.changes.after).toEqual({ isActive: false, movedTo: proposta.id, movedLeadCount: moving.length });
      expect(audit.user_agent).toBe(USER_AGENT);

      // A moved lead's page tells the story.
      const page = await clients.owner.get(`/o/aurora/leads/${moving[0].id}`);
      expect(page.body).toContain("Helena Duarte moveu de Contato para Proposta");
    });

    it("moves leads into an empty stage too", async () => {
      const empty = await stageNamed("Reunião marcada");
      const fechado = await stageNamed("Fechado");
      const moving = await leadsIn(fechado.id);
      expect(moving.length).toBeGreaterThan(0);
      expect((await post(clients.owner, { intent: "archive", stageId: fechado.id, moveTo: empty.id })).status).toBe(200);
      expect((await leadsIn(empty.id)).map((l) => l.id)).toEqual(moving.map((l) => l.id));
    });

    it("refuses archiving the last active stage (409), changing nothing", async () => {
      const boreal = new TestClient(server);
      await boreal.login("owner@boreal.test");
      const path = "/o/boreal/settings/pipeline";
      let active = await stages(borealId);
      const last = active[active.length - 1];
      for (const stage of active.slice(0, -1)) {
        expect((await post(boreal, { intent: "archive", stageId: stage.id, moveTo: last.id }, path)).status).toBe(200);
      }
      active = await stages(borealId);
      expect(active.map((s) => s.id)).toEqual([last.id]);
      const [{ n }] = await db.adminQuery<{ n: number }>("select count(*)::int as n from leads where organization_id = $1", [borealId]);
      expect(await leadsIn(last.id)).toHaveLength(n);

      const before = await fingerprint();
      const response = await post(boreal, { intent: "archive", stageId: last.id, moveTo: "" }, path);
      expect(response.status).toBe(409);
      expect(response.body).toContain("O funil precisa de ao menos uma etapa ativa");
      expect(await fingerprint()).toEqual(before);
      // The page says so too: the archive button is disabled.
      expect((await boreal.get(path)).body).toContain("É a única etapa ativa");
    });
  });

  describe("other tenants", () => {
    it("answers 404 to aurora stage ids posted under boreal's slug, and to aurora's page, changing nothing", async () => {
      const proposta = await stageNamed("Proposta");
      const [borealStage] = await stages(borealId);
      const path = "/o/boreal/settings/pipeline";
      const before = await fingerprint();
      const forms: Record<string, string>[] = [
        { intent: "update", stageId: proposta.id, name: "Invadida", color: "#000000" },
        { intent: "move", stageId: proposta.id, direction: "down" },
        { intent: "archive", stageId: proposta.id, moveTo: borealStage.id },
      ];
      for (const form of forms) {
        const response = await post(clients.boreal, form, path);
        expect(response.status, form.intent).toBe(404);
        expect(response.body).not.toContain(proposta.id);
        expect(markupOf(response.body)).not.toContain("Proposta");
        expect((await post(clients.boreal, form)).status, `${form.intent} on aurora`).toBe(404);
      }
      expect((await clients.boreal.get(PIPELINE)).status).toBe(404);
      expect(await fingerprint()).toEqual(before);
    });

    it("answers 404 when a boreal stage is the destination of an aurora archive, changing nothing", async () => {
      const negociacao = await stageNamed("Negociação");
      const [borealStage] = await stages(borealId);
      const before = await fingerprint();
      const response = await post(clients.owner, { intent: "archive", stageId: negociacao.id, moveTo: borealStage.id });
      expect(response.status).toBe(404);
      expect(await fingerprint()).toEqual(before);
    });
  });

  it("opens to an admin", async () => {
    await db.adminQuery(
      "update organization_members set role = 'admin' where user_id = (select id from users where email = 'manager@aurora.test')",
    );
    expect((await clients.manager.get(PIPELINE)).status).toBe(200);
    const stage = await stageNamed("Proposta");
    const response = await post(clients.manager, { intent: "update", stageId: stage.id, name: "Proposta enviada", color: stage.color });
    expect(response.status).toBe(200);
    expect((await stageNamed("Proposta enviada")).id).toBe(stage.id);
  });
});
