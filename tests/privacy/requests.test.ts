import { describe, expect, it } from "vitest";
import type { AuditRow } from "../support/audit";
import { markupOf } from "../support/client";
import { days, useTestClock } from "../support/clock";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { SseClient } from "../realtime/sse-client";
import { aPhone, anOrganization, postDeletion, postPrivacy, previewedLeadIds, requestItem, requestsOf, USER_AGENT } from "./support";

describe("data-subject requests (/o/:slug/settings/privacy)", () => {
  const db = useTestDatabase();
  const clock = useTestClock();
  const server = useTestServer();

  const page = (slug: string) => `/o/${slug}/settings/privacy`;
  const audits = (organizationId: string, action: string) =>
    db.adminQuery<AuditRow>(
      "select action, actor_id, resource_id, ip_address, user_agent, changes from audit_logs where organization_id = $1 and action = $2 order by created_at",
      [organizationId, action],
    );
  const exportJobs = (requestId: string) =>
    db.adminQuery<{ payload: unknown }>(
      `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'privacy__export' and j.key = $1`,
      [`privacy__export:${requestId}`],
    );
  /** Everything a refused request must leave as it was. */
  const snapshot = async (organizationId: string) =>
    JSON.stringify(
      await db.adminQuery(
        `select (select coalesce(json_agg(r order by r.id), '[]')::text from privacy_requests r where r.organization_id = $1) as requests,
                (select count(*) from audit_logs where organization_id = $1) as audits,
                (select count(*) from graphile_worker._private_jobs) as jobs`,
        [organizationId],
      ),
    );

  it("registers a request by a typed phone for every lead of that person, duplicates included, and no one else's", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const other = await anOrganization(server, db);
    const phone = aPhone();
    const fromWhatsApp = await lead({ phone: phone.whatsapp });
    const typed = await lead({ phone: phone.e164, email: "Titular@Example.com" });
    const someoneElse = await lead({ phone: aPhone().e164 });
    const otherOrganization = await other.lead({ phone: phone.e164 });

    const response = await postPrivacy(members.admin.client, organization.slug, {
      intent: "create-request",
      kind: "access",
      subject: phone.typed,
      requesterContact: "  titular@example.com  ",
    });
    expect(response.status, response.body.slice(0, 300)).toBe(200);
    expect(markupOf(response.body)).toContain("Pedido registrado para 2 leads.");

    const [request] = await requestsOf(db, organization.id);
    expect(request).toMatchObject({ kind: "access", status: "received", requester_contact: "titular@example.com", requested_by_id: members.admin.userId });
    expect([...request.lead_ids].sort()).toEqual([fromWhatsApp.id, typed.id].sort());
    expect(request.lead_ids).not.toContain(someoneElse.id);
    expect(request.lead_ids).not.toContain(otherOrganization.id);
    expect(request.due_at.getTime() - request.received_at.getTime()).toBe(days(15));
    expect(await requestsOf(db, other.organization.id)).toEqual([]);
    expect(await exportJobs(request.id)).toEqual([{ payload: { organizationId: organization.id, requestId: request.id } }]);

    const [audit] = await audits(organization.id, "privacy.request_created");
    expect(audit).toMatchObject({ actor_id: members.admin.userId, resource_id: request.id, user_agent: USER_AGENT, changes: { after: { kind: "access", leads: 2 } } });

    const shown = markupOf((await members.admin.client.get(page(organization.slug))).body);
    const item = requestItem(shown, request.id);
    expect(item).toContain('data-status="received"');
    expect(item).toContain("Acesso e portabilidade");
    expect(item).toContain("2 leads");
    expect(item).toContain(`href="/o/${organization.slug}/leads/${fromWhatsApp.id}">${fromWhatsApp.fullName}</a>`);
    expect(item).toContain(`href="/o/${organization.slug}/leads/${typed.id}">${typed.fullName}</a>`);
    expect(item).not.toContain(someoneElse.fullName);
    expect(item).not.toContain("Atrasado");
  });

  it("registers one from a lead (its phone and e-mail) and by an e-mail in any case; a correction queues no job", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const phone = aPhone();
    const byPhone = await lead({ phone: phone.e164, email: "ana@example.com" });
    const byEmailOnly = await lead({ email: "ANA@example.com" });
    const duplicate = await lead({ phone: phone.whatsapp });

    const fromLead = await postPrivacy(members.admin.client, organization.slug, { intent: "create-request", kind: "correction", leadId: byPhone.id, requesterContact: "+55 11 5555-0000" });
    expect(fromLead.status, fromLead.body.slice(0, 300)).toBe(200);
    const byEmail = await postDeletion(organization.owner, organization.slug, { subject: "Ana@Example.COM", requesterContact: "protocolo 42" });
    expect(byEmail.status).toBe(200);

    const [correction, deletion] = await requestsOf(db, organization.id);
    expect(correction.kind).toBe("correction");
    expect([...correction.lead_ids].sort()).toEqual([byPhone.id, byEmailOnly.id, duplicate.id].sort());
    expect(await exportJobs(correction.id)).toEqual([]);
    expect(deletion).toMatchObject({ kind: "deletion", subject_email: "ana@example.com", subject_phone_key: null, requested_by_id: organization.ownerId });
    expect([...deletion.lead_ids].sort()).toEqual([byPhone.id, byEmailOnly.id].sort());
  });

  it("registers a deletion only once confirmed: the first POST previews the matched leads and writes nothing; a confirmation for other leads is 409 with the fresh list", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const shared = `contato-${Date.now()}@empresa.com`;
    const ana = await lead({ phone: aPhone().e164, email: shared });
    const bruno = await lead({ email: shared.toUpperCase() });
    await db.adminQuery("update leads set full_name = $2 where id = $1", [ana.id, "Ana Compartilhada"]);
    await db.adminQuery("update leads set full_name = $2 where id = $1", [bruno.id, "Bruno Colega"]);
    const form = { intent: "create-request", kind: "deletion", subject: shared, requesterContact: "titular@example.com" };
    const before = await snapshot(organization.id);

    const preview = await postPrivacy(members.admin.client, organization.slug, form);
    expect(preview.status, preview.body.slice(0, 300)).toBe(200);
    const shown = markupOf(preview.body);
    expect(shown).toContain("Confirme a eliminação");
    expect(shown).toContain("Estes 2 leads serão anonimizados");
    expect(shown).toContain("Ana Compartilhada");
    expect(shown).toContain("Bruno Colega");
    expect(previewedLeadIds(shown)?.sort()).toEqual([ana.id, bruno.id].sort());
    expect(await snapshot(organization.id)).toBe(before);

    // A colleague's lead with the same e-mail arrives between the preview and the click.
    const carla = await lead({ email: shared });
    const stale = await postPrivacy(members.admin.client, organization.slug, { ...form, confirmLeadIds: [ana.id, bruno.id].join(",") });
    expect(stale.status).toBe(409);
    expect(markupOf(stale.body)).toContain("Os leads encontrados mudaram desde a prévia.");
    expect(previewedLeadIds(markupOf(stale.body))?.sort()).toEqual([ana.id, bruno.id, carla.id].sort());
    // Nor does an empty confirmation, or one naming a lead more, go through; a malformed one is a 400.
    expect((await postPrivacy(members.admin.client, organization.slug, { ...form, confirmLeadIds: "" })).status).toBe(409);
    const tooMany = [ana.id, bruno.id, carla.id, (await lead({ phone: aPhone().e164 })).id].join(",");
    expect((await postPrivacy(members.admin.client, organization.slug, { ...form, confirmLeadIds: tooMany })).status).toBe(409);
    expect((await postPrivacy(members.admin.client, organization.slug, { ...form, confirmLeadIds: "1 or 1=1" })).status).toBe(400);
    expect(await snapshot(organization.id)).toBe(before);

    const confirmed = await postPrivacy(members.admin.client, organization.slug, { ...form, confirmLeadIds: [carla.id, ana.id, bruno.id].join(",") });
    expect(confirmed.status, confirmed.body.slice(0, 300)).toBe(200);
    expect(markupOf(confirmed.body)).toContain("Pedido registrado para 3 leads.");
    const [request] = await requestsOf(db, organization.id);
    expect(request).toMatchObject({ kind: "deletion", status: "received" });
    expect([...request.lead_ids].sort()).toEqual([ana.id, bruno.id, carla.id].sort());
    expect(await db.adminQuery("select count(*)::int as count from graphile_worker._private_jobs where key = $1", [`privacy__erase:${request.id}`])).toEqual([{ count: 1 }]);

    // From a lead page: the same preview, its confirmation carrying the lead rather than a typed subject.
    const alone = await lead({ phone: aPhone().e164 });
    const fromLead = await postPrivacy(members.admin.client, organization.slug, { intent: "create-request", kind: "deletion", leadId: alone.id, requesterContact: "t@example.com" });
    expect(fromLead.status).toBe(200);
    expect(markupOf(fromLead.body)).toContain(`name="leadId" value="${alone.id}"`);
    expect(previewedLeadIds(markupOf(fromLead.body))).toEqual([alone.id]);
    expect(await requestsOf(db, organization.id)).toHaveLength(1);
  });

  it("answers 404 for another organization's lead, 422 for a lead without phone or e-mail, and 403 to roles below admin, changing nothing", async () => {
    const { organization, members, lead } = await anOrganization(server, db, ["admin", "manager", "member"]);
    const other = await anOrganization(server, db);
    const foreign = await other.lead({ phone: aPhone().e164 });
    const silent = await lead();
    const mine = await lead({ phone: aPhone().e164 });
    const before = await snapshot(organization.id);
    const otherBefore = await snapshot(other.organization.id);

    const form = { intent: "create-request", kind: "access", requesterContact: "titular@example.com" };
    const crossTenant = await postPrivacy(members.admin.client, organization.slug, { ...form, leadId: foreign.id });
    expect(crossTenant.status).toBe(404);
    expect(markupOf(crossTenant.body)).toContain("Lead não encontrado nesta organização.");
    const noContact = await postPrivacy(members.admin.client, organization.slug, { ...form, leadId: silent.id });
    expect(noContact.status).toBe(422);
    expect(markupOf(noContact.body)).toContain("Este lead não tem telefone nem e-mail");
    for (const role of ["manager", "member"] as const) {
      expect((await postPrivacy(members[role].client, organization.slug, { ...form, leadId: mine.id })).status, role).toBe(403);
      expect((await members[role].client.get(page(organization.slug))).status, role).toBe(403);
    }
    expect(await snapshot(organization.id)).toBe(before);
    expect(await snapshot(other.organization.id)).toBe(otherBefore);
  });

  it("refuses malformed, oversized or contradictory input with 400 on the field, changing nothing", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const mine = await lead({ phone: aPhone().e164 });
    const before = await snapshot(organization.id);
    const base = { intent: "create-request", kind: "access", subject: "+55 11 98765-4321", requesterContact: "titular@example.com" };
    const cases: [string, Record<string, string>, string][] = [
      ["unknown kind", { ...base, kind: "everything" }, "Escolha o tipo de pedido."],
      ["no kind", { intent: "create-request", subject: base.subject, requesterContact: base.requesterContact }, "Escolha o tipo de pedido."],
      ["not a phone", { ...base, subject: "12345" }, "Informe um telefone (com DDD) ou um e-mail válido."],
      ["bad e-mail", { ...base, subject: "ana@" }, "Informe um telefone (com DDD) ou um e-mail válido."],
      ["oversized subject", { ...base, subject: `${"a".repeat(250)}@example.com` }, "Informe um telefone (com DDD) ou um e-mail válido."],
      ["neither lead nor subject", { ...base, subject: "" }, "Informe o telefone ou o e-mail do titular."],
      ["both lead and subject", { ...base, leadId: mine.id }, "Informe o telefone ou o e-mail do titular."],
      ["blank requester contact", { ...base, requesterContact: "   " }, "Informe o contato para a resposta"],
      ["oversized requester contact", { ...base, requesterContact: "x".repeat(255) }, "Informe o contato para a resposta"],
      ["requester contact with a control character", { ...base, requesterContact: "titular\u0000@example.com" }, "Informe o contato para a resposta"],
      ["requester contact with a bidi override", { ...base, requesterContact: "titular\u202e@example.com" }, "Informe o contato para a resposta"],
      ["requester contact with a zero-width space", { ...base, requesterContact: "titular@exa\u200bmple.com" }, "Informe o contato para a resposta"],
      ["malformed lead id", { intent: "create-request", kind: "access", leadId: "1 or 1=1", requesterContact: "x" }, "Lead não encontrado nesta organização."],
    ];
    for (const [label, form, message] of cases) {
      const response = await postPrivacy(members.admin.client, organization.slug, form);
      expect(response.status, label).toBe(400);
      expect(markupOf(response.body), label).toContain(message);
    }
    expect(await snapshot(organization.id)).toBe(before);
  });

  it("closes a correction by hand, audited with the admin; a done one is 409, an access request still running 409, another organization's 404", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const other = await anOrganization(server, db);
    const phone = aPhone().e164;
    await lead({ phone });
    await other.lead({ phone });
    const create = (client: typeof organization.owner, slug: string, kind: string) =>
      postPrivacy(client, slug, { intent: "create-request", kind, subject: phone, requesterContact: "titular@example.com" });
    expect((await create(members.admin.client, organization.slug, "correction")).status).toBe(200);
    expect((await create(members.admin.client, organization.slug, "access")).status).toBe(200);
    expect((await create(other.organization.owner, other.organization.slug, "correction")).status).toBe(200);
    const [correction, access] = await requestsOf(db, organization.id);
    const [foreign] = await requestsOf(db, other.organization.id);

    const close = (requestId: string) => postPrivacy(members.admin.client, organization.slug, { intent: "close-request", requestId });
    const before = await snapshot(other.organization.id);
    expect((await close(foreign.id)).status).toBe(404);
    expect(await snapshot(other.organization.id)).toBe(before);
    const running = await close(access.id);
    expect(running.status).toBe(409);
    expect(markupOf(running.body)).toContain("Só pedidos de correção são concluídos à mão");
    expect((await close("not-a-uuid")).status).toBe(400);

    const closed = await close(correction.id);
    expect(closed.status, closed.body.slice(0, 300)).toBe(200);
    expect(markupOf(closed.body)).toContain("Pedido concluído.");
    const [done] = await requestsOf(db, organization.id);
    expect(done).toMatchObject({ status: "done", progress: 100, closed_by_id: members.admin.userId });
    expect(done.completed_at).toBeInstanceOf(Date);
    const again = await close(correction.id);
    expect(again.status).toBe(409);
    expect(markupOf(again.body)).toContain("Este pedido já foi concluído.");
    expect(await audits(organization.id, "privacy.request_closed")).toEqual([
      expect.objectContaining({ actor_id: members.admin.userId, resource_id: correction.id, changes: { before: { status: "received" }, after: { status: "done", kind: "correction" } } }),
    ]);
    const item = requestItem(markupOf((await members.admin.client.get(page(organization.slug))).body), correction.id);
    expect(item).toContain('data-status="done"');
    expect(item).not.toContain('value="close-request"');
    expect(await db.adminQuery("select type, data from realtime_events where organization_id = $1 and type = 'privacy_request.updated' order by event_id desc limit 1", [organization.id])).toEqual([
      { type: "privacy_request.updated", data: { requestId: correction.id, status: "done", progress: 100, actor: { id: members.admin.userId, name: expect.any(String) } } },
    ]);
  });

  it("shows progress while a request is processed and the reason when it failed; a failed deletion is never closed (409) but retried, its job queued again", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const phone = aPhone().e164;
    await lead({ phone });
    await postDeletion(members.admin.client, organization.slug, { subject: phone, requesterContact: "titular@example.com" });
    const [request] = await requestsOf(db, organization.id);
    const itemNow = () => members.admin.client.get(page(organization.slug)).then((response) => requestItem(markupOf(response.body), request.id));
    expect(await itemNow()).not.toContain('value="close-request"');

    await db.adminQuery("update privacy_requests set status = 'processing', progress = 40 where id = $1", [request.id]);
    const processing = await itemNow();
    expect(processing).toContain('data-status="processing"');
    expect(processing).toMatch(/<progress[^>]*value="40"/);
    expect(processing).toContain("40% concluído");
    expect(processing).not.toContain('value="close-request"');
    expect(processing).not.toContain('value="retry-request"');
    const retry = () => postPrivacy(members.admin.client, organization.slug, { intent: "retry-request", requestId: request.id });
    expect((await retry()).status).toBe(409);

    // The job gave up after its last attempt, as graphile-worker leaves one.
    const jobOf = () =>
      db.adminQuery<{ attempts: number; max_attempts: number }>(
        "select attempts, max_attempts from graphile_worker._private_jobs where key = $1",
        [`privacy__erase:${request.id}`],
      );
    await db.adminQuery("update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'gave up' where key = $1", [`privacy__erase:${request.id}`]);
    await db.adminQuery("update privacy_requests set status = 'failed', error = 'internal' where id = $1", [request.id]);
    const failed = await itemNow();
    expect(failed).toContain('data-status="failed"');
    expect(failed).toContain("Falhou: erro inesperado ao processar.");
    expect(failed).not.toContain('value="close-request"');
    expect(failed).toContain('value="retry-request"');
    const closing = await postPrivacy(members.admin.client, organization.slug, { intent: "close-request", requestId: request.id });
    expect(closing.status).toBe(409);
    expect(markupOf(closing.body)).toContain("Só pedidos de correção são concluídos à mão");
    expect((await requestsOf(db, organization.id))[0]).toMatchObject({ status: "failed", completed_at: null });

    const retried = await retry();
    expect(retried.status, retried.body.slice(0, 300)).toBe(200);
    expect(markupOf(retried.body)).toContain("Pedido enviado para uma nova tentativa.");
    expect((await requestsOf(db, organization.id))[0]).toMatchObject({ status: "received", progress: 0, error: null });
    // The same job, under its key, with its attempts counted afresh.
    expect(await jobOf()).toEqual([{ attempts: 0, max_attempts: 5 }]);
    expect(await audits(organization.id, "privacy.request_retried")).toEqual([
      expect.objectContaining({ actor_id: members.admin.userId, resource_id: request.id, changes: { before: { status: "failed" }, after: { status: "received", kind: "deletion" } } }),
    ]);
    expect(await itemNow()).toContain('data-status="received"');
    // Once is enough: a request that is not failed is not retried.
    expect((await retry()).status).toBe(409);
  });

  it("retries a failed access request but never a correction", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const phone = aPhone().e164;
    await lead({ phone });
    for (const kind of ["access", "correction"]) await postPrivacy(members.admin.client, organization.slug, { intent: "create-request", kind, subject: phone, requesterContact: "t@example.com" });
    const [access, correction] = await requestsOf(db, organization.id);
    await db.adminQuery("update privacy_requests set status = 'failed', error = 'storage' where organization_id = $1", [organization.id]);
    const retry = (requestId: string) => postPrivacy(members.admin.client, organization.slug, { intent: "retry-request", requestId });
    const refused = await retry(correction.id);
    expect(refused.status).toBe(409);
    expect(markupOf(refused.body)).toContain("Só um pedido de acesso ou de eliminação que falhou pode ser tentado de novo.");
    expect((await retry(access.id)).status).toBe(200);
    expect((await requestsOf(db, organization.id)).map((row) => row.status)).toEqual(["received", "failed"]);
    expect(await db.adminQuery("select count(*)::int as count from graphile_worker._private_jobs where key = $1", [`privacy__export:${access.id}`])).toEqual([{ count: 1 }]);
  });

  it("tells open privacy pages over the organization's stream that a request changed, without the person's data", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const phone = aPhone();
    await lead({ phone: phone.e164, email: "stream@example.com" });
    const stream = await SseClient.open(`${server.url}/o/${organization.slug}/events`, { cookie: members.admin.client.cookieHeader });
    try {
      await postPrivacy(organization.owner, organization.slug, { intent: "create-request", kind: "correction", subject: phone.typed, requesterContact: "stream@example.com" });
      const [request] = await requestsOf(db, organization.id);
      const event = await stream.next("privacy_request.updated");
      const data = JSON.parse(event.data) as Record<string, unknown>;
      expect(data).toMatchObject({ requestId: request.id, status: "received", progress: 0, actor: { id: organization.ownerId } });
      for (const personal of ["stream@example.com", phone.e164.slice(3), "Lead IA"]) expect(event.data).not.toContain(personal);
    } finally {
      stream.close();
    }
  });

  it("highlights a request not done 16 days after it came in as overdue, in words", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const phone = aPhone().e164;
    await lead({ phone });
    await postPrivacy(members.admin.client, organization.slug, { intent: "create-request", kind: "correction", subject: phone, requesterContact: "titular@example.com" });
    const [request] = await requestsOf(db, organization.id);
    const itemNow = () => members.admin.client.get(page(organization.slug)).then((response) => requestItem(markupOf(response.body), request.id));

    expect(await itemNow()).not.toContain("Atrasado");
    clock.advance(days(16));
    try {
      const overdue = await itemNow();
      expect(overdue).toContain('data-overdue="true"');
      expect(overdue).toContain("Atrasado: prazo de 15 dias vencido");
      // Done is never overdue, however late.
      await postPrivacy(members.admin.client, organization.slug, { intent: "close-request", requestId: request.id });
      expect(await itemNow()).not.toContain("Atrasado");
    } finally {
      clock.setOffset(0);
    }
  });

  it("offers admins a 'Pedido LGPD' form on a lead page that posts to the privacy page; members do not see it", async () => {
    const { organization, members, lead } = await anOrganization(server, db, ["admin", "member"]);
    const mine = await lead({ phone: aPhone().e164 });
    const adminPage = markupOf((await members.admin.client.get(`/o/${organization.slug}/leads/${mine.id}`)).body);
    expect(adminPage).toContain("Pedido LGPD");
    expect(adminPage).toContain(`action="/o/${organization.slug}/settings/privacy"`);
    expect(adminPage).toContain(`name="leadId" value="${mine.id}"`);
    const memberPage = markupOf((await members.member.client.get(`/o/${organization.slug}/leads/${mine.id}`)).body);
    expect(memberPage).not.toContain("Pedido LGPD");
  });
});
