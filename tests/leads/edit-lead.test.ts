import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAST, signInDemoCast, type DemoPerson, type TestClient, type TestResponse } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

interface LeadRow {
  id: string;
  version: number;
  stage_id: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  phone_key: string | null;
  company: string | null;
  job_title: string | null;
  estimated_value: string | null;
  source: string | null;
  priority: string;
  status: string;
  tags: string[];
  assignee_id: string | null;
  notes: string | null;
  closed_at: Date | null;
  updated_at: Date;
}

interface EventRow {
  event_id: string;
  type: string;
  data: { leadId: string; stageId: string; version: number; fields: string[]; actor: { id: string; name: string } };
}

/**
 * The lead page over HTTP, as the browser posts it: every field editable by
 * members and above, validated and normalised on the server, refused when
 * stale, read-only for viewers; every successful save leaves exactly one
 * activity entry and one `lead.updated` event, every refusal none.
 */
describe("editing a lead", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;
  const users = {} as Record<DemoPerson, string>;
  let auroraId = "";
  let auroraLeads: string[] = [];

  const lead = async (id: string) => (await db.adminQuery<LeadRow>("select * from leads where id = $1", [id]))[0];
  const activities = (id: string) =>
    db.adminQuery<{ activity_type: string; actor_id: string; title: string; metadata: { changes?: Record<string, { from: unknown; to: unknown }> } }>(
      "select activity_type, actor_id, title, metadata from lead_activities where lead_id = $1 order by created_at",
      [id],
    );
  const events = (leadId: string) =>
    db.adminQuery<EventRow>(
      "select event_id::text, type, data from realtime_events where organization_id = $1 and data->>'leadId' = $2 order by event_id",
      [auroraId, leadId],
    );
  /** Everything a refused save must leave alone. */
  const fingerprint = async (id: string) => ({
    lead: await lead(id),
    activities: (await activities(id)).length,
    events: (await db.adminQuery<{ n: string }>("select count(*)::text as n from realtime_events"))[0].n,
    audits: (await db.adminQuery<{ n: string }>("select count(*)::text as n from audit_logs"))[0].n,
  });

  let next = 0;
  /** A fresh aurora lead per test, so tests do not depend on each other's edits. */
  const freshLead = () => auroraLeads[next++];

  const page = (id: string) => `/o/aurora/leads/${id}`;

  /** The form exactly as the page posts it for `row`, with `changes` applied. */
  function formFor(row: LeadRow, changes: Record<string, string> = {}) {
    return {
      intent: "update",
      version: String(row.version),
      fullName: row.full_name,
      email: row.email ?? "",
      phone: row.phone ?? "",
      company: row.company ?? "",
      jobTitle: row.job_title ?? "",
      estimatedValue: row.estimated_value ?? "",
      source: row.source ?? "",
      priority: row.priority,
      status: row.status,
      tags: row.tags.join(", "),
      assignee: row.assignee_id ?? "",
      notes: row.notes ?? "",
      ...changes,
    };
  }

  beforeAll(async () => {
    [{ id: auroraId }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'aurora'");
    clients = await signInDemoCast(server);
    for (const [name, email] of Object.entries(DEMO_CAST) as [DemoPerson, string][]) {
      [{ id: users[name] }] = await db.adminQuery<{ id: string }>("select id from users where email = $1", [email]);
    }
    // Leads without quotes or markup in their values, so the page's HTML can be searched for them verbatim.
    auroraLeads = (
      await db.adminQuery<{ id: string }>(
        `select id from leads where organization_id = $1 and status = 'active' and full_name !~ '[''"&<>]'
          and coalesce(notes, '') !~ '[''"&<>]' and coalesce(company, '') !~ '[''"&<>]' order by full_name`,
        [auroraId],
      )
    ).map((row) => row.id);
  });

  it("shows a member the form with every field, the version and the history", async () => {
    const id = freshLead();
    const row = await lead(id);
    const response = await clients.rep.get(page(id));
    expect(response.status).toBe(200);
    for (const field of ["fullName", "email", "phone", "company", "jobTitle", "estimatedValue", "source", "priority", "status", "tags", "notes"]) {
      expect(response.body, field).toMatch(new RegExp(`name="${field}"`));
    }
    expect(response.body).toContain(`name="version" value="${row.version}"`);
    expect(response.body).toContain(`value="${row.full_name}"`);
    expect(response.body).toContain("Histórico");
    // A member cannot reassign: no assignee input, and no delete button.
    expect(response.body).not.toMatch(/name="assignee"/);
    expect(response.body).not.toContain('value="delete"');
  });

  it("shows a manager the assignee choices (members only) and the delete button", async () => {
    const id = freshLead();
    const response = await clients.manager.get(page(id));
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/name="assignee"/);
    expect(response.body).toContain(`value="${users.rep}"`);
    expect(response.body).not.toContain(`value="${users.boreal}"`);
    expect(response.body).toContain('value="delete"');
  });

  it("saves a member's edit with normalised phone, value, e-mail and tags, one activity and one event", async () => {
    const id = freshLead();
    const before = await lead(id);
    const activityCount = (await activities(id)).length;
    const response = await clients.rep.post(
      page(id),
      formFor(before, {
        phone: "(11) 98765-4321",
        estimatedValue: "4.500,00",
        email: "  Contato@Exemplo.COM.br ",
        tags: " quente, Quente , SEO,, novo cliente ",
        jobTitle: "Diretora de Marketing",
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toContain("Alterações salvas.");

    const after = await lead(id);
    expect(after.phone).toBe("+5511987654321");
    expect(after.estimated_value).toBe("4500.00");
    expect(after.email).toBe("contato@exemplo.com.br");
    expect(after.tags).toEqual(["quente", "SEO", "novo cliente"]);
    expect(after.job_title).toBe("Diretora de Marketing");
    expect(after.version).toBe(before.version + 1);
    // Untouched fields stay as they were (the phone's match key follows the phone).
    expect(after.phone_key).toBe("551187654321");
    expect({ ...after, phone: 0, phone_key: 0, estimated_value: 0, email: 0, tags: 0, job_title: 0, version: 0, updated_at: 0 }).toEqual({
      ...before,
      phone: 0,
      phone_key: 0,
      estimated_value: 0,
      email: 0,
      tags: 0,
      job_title: 0,
      version: 0,
      updated_at: 0,
    });

    const added = (await activities(id)).slice(activityCount);
    expect(added).toHaveLength(1);
    expect(added[0].activity_type).toBe("updated");
    expect(added[0].actor_id).toBe(users.rep);
    expect(added[0].metadata.changes?.phone).toEqual({ from: before.phone, to: "+5511987654321" });
    expect(added[0].metadata.changes?.estimatedValue).toEqual({ from: before.estimated_value, to: "4500.00" });
    expect(Object.keys(added[0].metadata.changes ?? {})).not.toContain("fullName");

    const [event, ...more] = await events(id);
    expect(more).toHaveLength(0);
    expect(event.type).toBe("lead.updated");
    expect(event.data.leadId).toBe(id);
    expect(event.data.stageId).toBe(before.stage_id);
    expect(event.data.version).toBe(before.version + 1);
    const changed = ["phone", "estimatedValue", "email", "tags", "jobTitle"].filter((field) => {
      const column = { phone: "phone", estimatedValue: "estimated_value", email: "email", tags: "tags", jobTitle: "job_title" }[field] as keyof LeadRow;
      return JSON.stringify(before[column]) !== JSON.stringify(after[column]);
    });
    expect([...event.data.fields].sort()).toEqual(changed.sort());
    expect(event.data.actor).toEqual({ id: users.rep, name: "Camila Nogueira" });

    // The history tells who did what.
    const shown = await clients.rep.get(page(id));
    expect(shown.body).toContain("Camila Nogueira editou");
    expect(shown.body).toContain('data-activity-type="updated"');
  });

  it("writes exactly one activity entry per save", async () => {
    const id = freshLead();
    const before = await lead(id);
    const count = (await activities(id)).length;
    expect((await clients.rep.post(page(id), formFor(before, { company: "Estúdio Norte" }))).status).toBe(200);
    expect((await activities(id)).length).toBe(count + 1);
    expect(await events(id)).toHaveLength(1);
  });

  it("accepts the value with a decimal point and an international phone", async () => {
    const id = freshLead();
    const before = await lead(id);
    const response = await clients.rep.post(page(id), formFor(before, { estimatedValue: "4500.00", phone: "+1 415 555 2671" }));
    expect(response.status).toBe(200);
    const after = await lead(id);
    expect(after.estimated_value).toBe("4500.00");
    expect(after.phone).toBe("+14155552671");
  });

  it("clears optional fields that are sent empty", async () => {
    const id = freshLead();
    const before = await lead(id);
    const response = await clients.rep.post(page(id), formFor(before, { company: "", estimatedValue: "", tags: "", notes: "  " }));
    expect(response.status).toBe(200);
    const after = await lead(id);
    expect(after.company).toBeNull();
    expect(after.estimated_value).toBeNull();
    expect(after.tags).toEqual([]);
    expect(after.notes).toBeNull();
  });

  it("answers a save that changes nothing without a new version, activity or event", async () => {
    const id = freshLead();
    const before = await fingerprint(id);
    const response = await clients.rep.post(page(id), formFor(before.lead));
    expect(response.status).toBe(200);
    expect(response.body).toContain("Nada mudou.");
    expect(await fingerprint(id)).toEqual(before);
  });

  describe("validation", () => {
    const cases: [string, Record<string, string>, string][] = [
      ["empty name", { fullName: "   " }, "Informe o nome do lead."],
      ["long name", { fullName: "a".repeat(161) }, "O nome pode ter no máximo 160 caracteres."],
      ["bad e-mail", { email: "ana@" }, "Informe um e-mail válido."],
      ["e-mail with spaces", { email: "ana maria@exemplo.com" }, "Informe um e-mail válido."],
      ["short phone", { phone: "98765-4321" }, "Telefone inválido."],
      ["phone with letters", { phone: "(11) 9876-ABCD" }, "Telefone inválido."],
      ["phone with a zero DDD", { phone: "(01) 98765-4321" }, "Telefone inválido."],
      ["eight-digit mobile", { phone: "(11) 8765-4321" }, "Telefone inválido."],
      ["negative value", { estimatedValue: "-10,00" }, "O valor não pode ser negativo."],
      ["value with letters", { estimatedValue: "dez mil" }, "Informe um valor válido, como 4.500,00."],
      ["value with bad grouping", { estimatedValue: "4.50.0" }, "Informe um valor válido, como 4.500,00."],
      ["value with three decimals", { estimatedValue: "4,5,00" }, "Informe um valor válido, como 4.500,00."],
      ["value too large", { estimatedValue: "1000000000000" }, "O valor é alto demais."],
      ["too many tags", { tags: Array.from({ length: 21 }, (_, i) => `tag${i}`).join(",") }, "Use no máximo 20 tags."],
      ["long tag", { tags: `curta, ${"x".repeat(41)}` }, "Cada tag pode ter no máximo 40 caracteres."],
      ["unknown priority", { priority: "altissima" }, "Escolha uma prioridade válida."],
      ["unknown status", { status: "aberto" }, "Escolha um status válido."],
      ["assignee not an id", { assignee: "camila" }, "Escolha um membro da organização."],
      ["long company", { company: "c".repeat(161) }, "A empresa pode ter no máximo 160 caracteres."],
      ["long job title", { jobTitle: "j".repeat(121) }, "O cargo pode ter no máximo 120 caracteres."],
      ["long source", { source: "s".repeat(41) }, "A origem pode ter no máximo 40 caracteres."],
      ["long notes", { notes: "n".repeat(5001) }, "As observações podem ter no máximo 5.000 caracteres."],
      ["NUL in notes", { notes: "antes\u0000depois" }, "O texto contém caracteres inválidos."],
      ["NUL in name", { fullName: "Ana\u0000" }, "O texto contém caracteres inválidos."],
      ["version missing", { version: "" }, "Versão inválida: recarregue a página."],
      ["version not a number", { version: "abc" }, "Versão inválida: recarregue a página."],
      ["version out of range", { version: "99999999999999999999" }, "Versão inválida: recarregue a página."],
      ["version negative", { version: "-1" }, "Versão inválida: recarregue a página."],
    ];

    it.each(cases)("refuses %s with 400 and the message next to the field, changing nothing", async (_name, changes, message) => {
      const id = auroraLeads[auroraLeads.length - 1];
      const before = await fingerprint(id);
      const response = await clients.rep.post(page(id), formFor(before.lead, changes));
      expect(response.status).toBe(400);
      expect(response.body).toContain(message);
      expect(await fingerprint(id)).toEqual(before);
    });

    it("keeps what the user typed in the form after a refusal", async () => {
      const id = auroraLeads[auroraLeads.length - 1];
      const before = await fingerprint(id);
      const response = await clients.rep.post(page(id), formFor(before.lead, { phone: "123", company: "Empresa Digitada Agora" }));
      expect(response.status).toBe(400);
      expect(response.body).toMatch(/name="company"[^>]*value="Empresa Digitada Agora"/);
      expect(response.body).toMatch(/name="phone"[^>]*value="123"/);
    });

    it("refuses a body that is not a form (JSON, plain text, broken multipart) with 400", async () => {
      const id = auroraLeads[auroraLeads.length - 1];
      const before = await fingerprint(id);
      for (const [type, body] of [
        ["application/json", '{"intent":"update","fullName":"X"}'],
        ["text/plain", "intent=update&fullName=X"],
        ["multipart/form-data; boundary=nada", "isto não é multipart"],
      ]) {
        const response = await fetch(server.url + page(id), {
          method: "POST",
          headers: { "content-type": type, cookie: clients.rep.cookieHeader, origin: server.url },
          body,
        });
        expect(response.status, type).toBe(400);
      }
      expect(await fingerprint(id)).toEqual(before);
    });

    it("refuses an unknown intent with 400", async () => {
      const id = auroraLeads[auroraLeads.length - 1];
      const before = await fingerprint(id);
      const response = await clients.owner.post(page(id), { intent: "archive-everything" });
      expect(response.status).toBe(400);
      expect(response.body).toContain("Ação desconhecida.");
      expect(await fingerprint(id)).toEqual(before);
    });
  });

  describe("assignee", () => {
    it("lets a manager assign a member, with an 'assigned' activity", async () => {
      const id = freshLead();
      const before = await lead(id);
      const to = before.assignee_id === users.rep ? users.viewer : users.rep;
      const response = await clients.manager.post(page(id), formFor(before, { assignee: to }));
      expect(response.status).toBe(200);
      const after = await lead(id);
      expect(after.assignee_id).toBe(to);
      const [last] = (await activities(id)).slice(-1);
      expect(last.activity_type).toBe("assigned");
      expect(last.metadata.changes?.assignee).toEqual({ from: before.assignee_id, to });
      const [event] = await events(id);
      expect(event.data.fields).toEqual(["assignee"]);
      const shown = await clients.manager.get(page(id));
      const name = to === users.rep ? "Camila Nogueira" : "Otávio Lins";
      expect(shown.body).toContain(`Rafael Monteiro atribuiu o lead a ${name}`);
    });

    it("lets a manager clear the assignee", async () => {
      const id = freshLead();
      const before = await lead(id);
      await db.adminQuery("update leads set assignee_id = $2 where id = $1", [id, users.rep]);
      const response = await clients.manager.post(page(id), formFor({ ...before, assignee_id: users.rep }, { assignee: "" }));
      expect(response.status).toBe(200);
      expect((await lead(id)).assignee_id).toBeNull();
    });

    it("refuses another organization's user (400) and changes nothing", async () => {
      const id = freshLead();
      const before = await fingerprint(id);
      const response = await clients.manager.post(page(id), formFor(before.lead, { assignee: users.boreal, company: "Mudaria" }));
      expect(response.status).toBe(400);
      expect(response.body).toContain("Escolha um membro da organização.");
      expect(await fingerprint(id)).toEqual(before);
    });

    it("refuses a user id that exists nowhere (400) and changes nothing", async () => {
      const id = freshLead();
      const before = await fingerprint(id);
      const response = await clients.owner.post(page(id), formFor(before.lead, { assignee: "5b3c1c55-4a4e-4d8f-9a4e-2f6f2a1d9c10" }));
      expect(response.status).toBe(400);
      expect(await fingerprint(id)).toEqual(before);
    });

    it("keeps an assignee who left the organization when other fields are saved", async () => {
      const id = freshLead();
      // Removing a member leaves their leads assigned to them.
      await db.adminQuery("update leads set assignee_id = $2 where id = $1", [id, users.boreal]);
      const row = await lead(id);
      const shown = await clients.manager.get(page(id));
      expect(shown.body).toMatch(new RegExp(`<option value="${users.boreal}"[^>]*>Bruno Tavares \\(fora da organização\\)`));
      const response = await clients.manager.post(page(id), formFor(row, { company: "Mantida" }));
      expect(response.status).toBe(200);
      expect(await lead(id)).toMatchObject({ company: "Mantida", assignee_id: users.boreal });
    });

    it("refuses a member (rep) changing the assignee with 403 and changes nothing", async () => {
      const id = freshLead();
      const before = await fingerprint(id);
      const to = before.lead.assignee_id === users.manager ? users.owner : users.manager;
      const response = await clients.rep.post(page(id), formFor(before.lead, { assignee: to, company: "Outra" }));
      expect(response.status).toBe(403);
      expect(await fingerprint(id)).toEqual(before);
    });
  });

  describe("concurrent edits", () => {
    it("refuses a save based on a stale version with 409, naming who changed it, and changes nothing", async () => {
      const id = freshLead();
      const loaded = await lead(id);
      // The manager saves first.
      expect((await clients.manager.post(page(id), formFor(loaded, { company: "Empresa do Rafael" }))).status).toBe(200);
      const current = await fingerprint(id);
      expect(current.lead.version).toBe(loaded.version + 1);

      // The rep still holds the version they loaded.
      const response = await clients.rep.post(page(id), formFor(loaded, { company: "Empresa da Camila", jobTitle: "CEO" }));
      expect(response.status).toBe(409);
      expect(response.body).toContain("Rafael Monteiro alterou este lead em");
      expect(response.body).toContain("Nada foi salvo");
      // What the rep typed stays in the form, the current value is shown next to it,
      // and the form now carries the current version.
      expect(response.body).toContain('value="Empresa da Camila"');
      expect(response.body).toContain("Valor atual");
      expect(response.body).toContain("Empresa do Rafael");
      expect(response.body).toContain(`name="version" value="${current.lead.version}"`);
      expect(await fingerprint(id)).toEqual(current);

      // Saving again with the current version applies the rep's values.
      const retry = await clients.rep.post(page(id), formFor(current.lead, { company: "Empresa da Camila" }));
      expect(retry.status).toBe(200);
      expect((await lead(id)).company).toBe("Empresa da Camila");
      expect((await lead(id)).version).toBe(loaded.version + 2);
    });

    it("refuses a stale save after a version bump by any other writer", async () => {
      const id = freshLead();
      const loaded = await lead(id);
      await db.adminQuery("update leads set version = version + 1 where id = $1", [id]);
      const before = await fingerprint(id);
      const response = await clients.rep.post(page(id), formFor(loaded, { notes: "minha nota" }));
      expect(response.status).toBe(409);
      expect(await fingerprint(id)).toEqual(before);
    });

    it("lets exactly one of two simultaneous saves of the same version win", async () => {
      const id = freshLead();
      const loaded = await lead(id);
      const responses = await Promise.all([
        clients.rep.post(page(id), formFor(loaded, { company: "Primeira" })),
        clients.manager.post(page(id), formFor(loaded, { company: "Segunda" })),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const after = await lead(id);
      expect(after.version).toBe(loaded.version + 1);
      const winner = responses[0].status === 200 ? "Primeira" : "Segunda";
      expect(after.company).toBe(winner);
      expect(await events(id)).toHaveLength(1);
    });
  });

  describe("status", () => {
    it("records a status change with its own activity type and closes the lead", async () => {
      const id = freshLead();
      const before = await lead(id);
      const response = await clients.rep.post(page(id), formFor(before, { status: "won" }));
      expect(response.status).toBe(200);
      const after = await lead(id);
      expect(after.status).toBe("won");
      expect(after.closed_at).not.toBeNull();
      const [last] = (await activities(id)).slice(-1);
      expect(last.activity_type).toBe("status_changed");
      const reopened = await clients.rep.post(page(id), formFor(after, { status: "active" }));
      expect(reopened.status).toBe(200);
      expect((await lead(id)).closed_at).toBeNull();
    });
  });

  describe("viewers", () => {
    it("see the lead read-only: no inputs, no form", async () => {
      const id = freshLead();
      const response = await clients.viewer.get(page(id));
      expect(response.status).toBe(200);
      expect(response.body).not.toMatch(/name="(fullName|phone|intent|version)"/);
      expect(response.body).toContain("Histórico");
    });

    it("are refused (403) when they post an update or a delete, and nothing changes", async () => {
      const id = freshLead();
      const before = await fingerprint(id);
      const update = await clients.viewer.post(page(id), formFor(before.lead, { company: "Do leitor" }));
      expect(update.status).toBe(403);
      const remove = await clients.viewer.post(page(id), { intent: "delete" });
      expect(remove.status).toBe(403);
      expect(await fingerprint(id)).toEqual(before);
    });
  });

  describe("history", () => {
    it("tells stage moves as sentences, in the organization's time zone", async () => {
      const id = freshLead();
      const stages = await db.adminQuery<{ id: string; name: string }>(
        "select id, name from pipeline_stages where organization_id = $1 and name in ('Contato', 'Proposta')",
        [auroraId],
      );
      const from = stages.find((s) => s.name === "Contato")!.id;
      const to = stages.find((s) => s.name === "Proposta")!.id;
      await db.adminQuery(
        `insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
         values (gen_random_uuid(), $1, $2, $3, 'stage_changed', 'Moveu', $4::jsonb, '2026-03-10T15:04:00Z')`,
        [auroraId, id, users.owner, JSON.stringify({ fromStageId: from, toStageId: to })],
      );
      const response = await clients.rep.get(page(id));
      expect(response.body).toContain("Helena Duarte moveu de Contato para Proposta");
      // 15:04 UTC is 12:04 in São Paulo.
      expect(response.body).toContain("10/03/2026, 12:04");
    });
  });

  describe("deleting", () => {
    it("is refused to a member (403), changing nothing", async () => {
      const id = freshLead();
      const before = await fingerprint(id);
      const response = await clients.rep.post(page(id), { intent: "delete" });
      expect(response.status).toBe(403);
      expect(await fingerprint(id)).toEqual(before);
    });

    it("lets a manager delete: the lead goes, one lead.deleted event and an audit entry, back to the board", async () => {
      const id = freshLead();
      const before = await lead(id);
      const response = await clients.manager.request(page(id), { form: { intent: "delete" }, headers: { "user-agent": "lead-test/1.0" } });
      expect(response.status).toBe(302);
      expect(response.location).toBe("/o/aurora/board");
      expect(await lead(id)).toBeUndefined();
      expect(await activities(id)).toHaveLength(0);
      const [event, ...more] = await events(id);
      expect(more).toHaveLength(0);
      expect(event.type).toBe("lead.deleted");
      expect(event.data).toMatchObject({ leadId: id, stageId: before.stage_id, actor: { id: users.manager, name: "Rafael Monteiro" } });
      const [audit] = await db.adminQuery<{ actor_id: string; changes: { before: { fullName: string } }; user_agent: string }>(
        "select actor_id, changes, user_agent from audit_logs where action = 'lead.deleted' and resource_id = $1",
        [id],
      );
      expect(audit.actor_id).toBe(users.manager);
      expect(audit.changes.before.fullName).toBe(before.full_name);
      expect(audit.user_agent).toBe("lead-test/1.0");
      expect((await clients.manager.get(page(id))).status).toBe(404);
      expect((await clients.manager.post(page(id), { intent: "delete" })).status).toBe(404);
    });
  });

  describe("other tenants", () => {
    const expectUntouched = async (id: string, request: () => Promise<TestResponse>) => {
      const before = await fingerprint(id);
      const response = await request();
      expect(response.status).toBe(404);
      expect(await fingerprint(id)).toEqual(before);
      return response;
    };

    it("answers 404 to an aurora lead id posted under boreal's slug, changing nothing", async () => {
      const id = freshLead();
      const row = await lead(id);
      const response = await expectUntouched(id, () => clients.boreal.post(`/o/boreal/leads/${id}`, formFor(row, { company: "Invasor" })));
      expect(response.body).not.toContain(row.full_name);
      await expectUntouched(id, () => clients.boreal.post(`/o/boreal/leads/${id}`, { intent: "delete" }));
      await expectUntouched(id, () => clients.boreal.post(page(id), formFor(row, { company: "Invasor" })));
    });

    it("answers 404 to a boreal lead id posted by aurora's owner, changing nothing", async () => {
      const [{ id }] = await db.adminQuery<{ id: string }>(
        "select l.id from leads l join organizations o on o.id = l.organization_id where o.slug = 'boreal' limit 1",
      );
      const row = await lead(id);
      await expectUntouched(id, () => clients.owner.post(page(id), formFor(row, { company: "Invasor" })));
      await expectUntouched(id, () => clients.owner.post(page(id), { intent: "delete" }));
      expect((await clients.owner.get(page(id))).status).toBe(404);
    });

    it("answers 404 to a malformed lead id", async () => {
      expect((await clients.owner.get("/o/aurora/leads/not-a-uuid")).status).toBe(404);
      expect((await clients.owner.post("/o/aurora/leads/not-a-uuid", { intent: "delete" })).status).toBe(404);
    });
  });
});
