import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { markupOf, signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { decodeSingleFetch, loadBoard, organizationId, postBoard, stagesOf, userByEmail } from "../board/support";

/**
 * The AI panel of the lead page over HTTP: the summaries a lead has (written
 * here as the worker writes them), their suggestions as one-click forms that
 * go through the ordinary edit and move, the refusals that change nothing,
 * transcripts on calls, and the board's per-person "new summary" visits.
 */
describe("the lead page's AI panel", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;
  let auroraId = "";
  let borealId = "";
  let stages: { id: string; name: string }[] = [];

  beforeAll(async () => {
    clients = await signInDemoCast(server);
    auroraId = await organizationId(db, "aurora");
    borealId = await organizationId(db, "boreal");
    stages = await stagesOf(db, auroraId);
    // The template's demo organizations start with AI off.
    await db.adminQuery("update organizations set ai_enabled = true where id = any($1::uuid[])", [[auroraId, borealId]]);
  });

  async function freshLead(slug = "aurora", client: TestClient = clients.owner) {
    const orgId = slug === "aurora" ? auroraId : borealId;
    const fullName = `Lead da IA ${randomUUID().slice(0, 8)}`;
    const created = await postBoard(client, slug, { intent: "create", stageId: (await stagesOf(db, orgId))[0].id, fullName });
    expect(created.status).toBe(200);
    const [row] = await db.adminQuery<{ id: string; version: number }>("select id, version from leads where full_name = $1", [fullName]);
    return row;
  }

  const leadNow = (leadId: string) =>
    db
      .adminQuery<{ company: string | null; email: string | null; stage_id: string; version: number }>("select company, email, stage_id, version from leads where id = $1", [leadId])
      .then((rows) => rows[0]);

  /** A summary as `saveSummary` stores it; `ago` places it in the past so tests control which one is newest. */
  async function insertSummary(
    leadId: string,
    options: { orgId?: string; status?: "succeeded" | "failed"; ago?: string; stageId?: string | null; company?: string | null; error?: string } = {},
  ) {
    const id = randomUUID();
    const status = options.status ?? "succeeded";
    const output =
      status === "succeeded"
        ? {
            summary: "O lead pediu uma proposta para o site novo e quer fechar ainda este mês.",
            sentiment: "positive",
            sentimentScore: 0.6,
            intent: "proposal",
            urgency: "high",
            nextActions: [{ text: "Enviar a proposta", dueDate: "2026-12-04" }],
            suggestedStageId: options.stageId === undefined ? stages[1].id : options.stageId,
            suggestedStageReason: "Pediu proposta",
            extracted: { company: options.company === undefined ? "Acme Ltda" : options.company, email: null, budget: null, deadline: null },
          }
        : null;
    await db.adminQuery(
      `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, input_fingerprint, entry_count, output, sentiment,
         suggested_stage_id, error, accepted, created_at)
       values ($1, $2, $3, 'local', 'local', $4, 'auto', $5, 3, $6::jsonb, $7, $8, $9, '{}', now() - $10::interval)`,
      [
        id,
        options.orgId ?? auroraId,
        leadId,
        status,
        randomUUID().replaceAll("-", ""),
        output && JSON.stringify(output),
        output?.sentiment ?? null,
        output?.suggestedStageId ?? null,
        status === "failed" ? (options.error ?? "tempo esgotado") : null,
        options.ago ?? "0 seconds",
      ],
    );
    return id;
  }

  const accept = (client: TestClient, leadId: string, form: Record<string, string>, slug = "aurora") =>
    client.post(`/o/${slug}/leads/${leadId}.data`, { intent: "accept-suggestion", ...form });

  async function answerOf(response: { body: string }) {
    const decoded = (await decodeSingleFetch(response.body)) as { data?: { ok: boolean; message: string | null } };
    return decoded.data;
  }

  async function pageOf(client: TestClient, leadId: string) {
    const response = await client.get(`/o/aurora/leads/${leadId}`);
    expect(response.status).toBe(200);
    return markupOf(response.body);
  }

  it("shows the newest summary as local analysis with its suggestions, a newer failed attempt's reason, and the history", async () => {
    const lead = await freshLead();
    const older = await insertSummary(lead.id, { ago: "2 hours", company: null });
    const current = await insertSummary(lead.id, { ago: "10 minutes" });
    const failed = await insertSummary(lead.id, { status: "failed", ago: "1 minute", error: "a análise demorou demais" });
    const html = await pageOf(clients.rep, lead.id);
    expect(html).toMatch(new RegExp(`<article data-summary-id="${current}" data-status="succeeded" data-sentiment="positive" data-provider="local"`));
    expect(html).toContain(`data-summary-id="${failed}" data-status="failed"`);
    expect(html).toContain("Não foi possível resumir: a análise demorou demais");
    expect(html).toContain(`data-summary-id="${older}"`);
    expect(html).toMatch(/<details[^>]*data-ai-history[\s\S]*1 análise anterior/);
    expect(html).toContain("análise local");
    expect(html).toContain("O lead pediu uma proposta para o site novo");
    expect(html).toContain("Sentimento: positivo");
    expect(html).toContain("Intenção: proposta");
    expect(html).toContain("Urgência: alta");
    expect(html).toContain("Enviar a proposta");
    expect(html).toContain(`Mover para ${stages[1].name}`);
    expect(html).toContain('data-suggestion="company"');
    expect(html).toContain('name="intent" value="accept-suggestion"');
    expect(html).toContain(`name="summaryId" value="${current}"`);
    expect(html).toContain(`name="version" value="${lead.version}"`);
    expect(html).toContain("Resumir agora");

    // A viewer reads the summary but is offered nothing to click.
    const viewer = await pageOf(clients.viewer, lead.id);
    expect(viewer).toContain(`data-summary-id="${current}"`);
    expect(viewer).not.toContain("accept-suggestion");
    expect(viewer).not.toContain("Resumir agora");
  });

  it("never applies a suggestion without the intent: opening the page leaves the lead as it was", async () => {
    const lead = await freshLead();
    await insertSummary(lead.id);
    await pageOf(clients.owner, lead.id);
    const loaded = await clients.owner.get(`/o/aurora/leads/${lead.id}.data?_routes=routes/o.$slug.leads.$leadId`);
    expect(loaded.status).toBe(200);
    expect(await leadNow(lead.id)).toMatchObject({ company: null, version: lead.version, stage_id: stages[0].id });
  });

  it("accepting the company writes it through the ordinary edit: the version moves on and the page says who did", async () => {
    const lead = await freshLead();
    const summaryId = await insertSummary(lead.id);
    const answer = await accept(clients.rep, lead.id, { summaryId, field: "company", version: String(lead.version) });
    expect(answer.status).toBe(200);
    expect(await answerOf(answer)).toMatchObject({ ok: true, message: "Sugestão aplicada ao lead." });
    expect(await leadNow(lead.id)).toMatchObject({ company: "Acme Ltda", version: lead.version + 1 });
    const rep = await userByEmail(db, "rep@aurora.test");
    const html = await pageOf(clients.owner, lead.id);
    expect(html).toContain(`aplicado por ${rep.fullName}`);
    expect(html).not.toMatch(/name="field" value="company"/);
  });

  it("a suggestion is taken once: accepting it again is refused (409) and writes nothing", async () => {
    const lead = await freshLead();
    const summaryId = await insertSummary(lead.id);
    expect((await accept(clients.rep, lead.id, { summaryId, field: "company", version: String(lead.version) })).status).toBe(200);
    const taken = await leadNow(lead.id);
    await db.adminQuery("update leads set company = 'Outra' where id = $1", [lead.id]);
    const again = await accept(clients.rep, lead.id, { summaryId, field: "company", version: String(taken.version) });
    expect(again.status).toBe(409);
    expect(await leadNow(lead.id)).toMatchObject({ company: "Outra", version: taken.version });
  });

  it("a value the lead could not hold (a masked e-mail, a company with a NUL) is neither offered nor written (422)", async () => {
    const lead = await freshLead();
    const summaryId = randomUUID();
    const output = {
      summary: "Passou o e-mail do sócio.", sentiment: "neutral", sentimentScore: 0, intent: "other", urgency: "low", nextActions: [],
      suggestedStageId: null, suggestedStageReason: null, extracted: { company: null, email: "[email]", budget: "9999999999 mil reais", deadline: null },
    };
    await db.adminQuery(
      `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, input_fingerprint, entry_count, output, sentiment, accepted, created_at)
       values ($1, $2, $3, 'openai', 'gpt-4o-mini', 'succeeded', 'auto', $4, 1, $5::jsonb, 'neutral', '{}', now())`,
      [summaryId, auroraId, lead.id, randomUUID().replaceAll("-", ""), JSON.stringify(output)],
    );
    const html = await pageOf(clients.rep, lead.id);
    expect(html).not.toMatch(/name="field" value="email"/);
    expect(html).not.toMatch(/name="field" value="budget"/);
    for (const field of ["email", "budget"]) {
      const answer = await accept(clients.rep, lead.id, { summaryId, field, version: String(lead.version) });
      expect(answer.status).toBe(422);
    }
    expect(await leadNow(lead.id)).toMatchObject({ email: null, version: lead.version });
    const [row] = await db.adminQuery<{ accepted: Record<string, unknown> }>("select accepted from ai_summaries where id = $1", [summaryId]);
    expect(row.accepted).toEqual({});
  });

  it("a stage suggestion with a stale version is refused (409) and the lead stays; with the current one it moves", async () => {
    const lead = await freshLead();
    const summaryId = await insertSummary(lead.id);
    expect((await accept(clients.rep, lead.id, { summaryId, field: "company", version: String(lead.version) })).status).toBe(200);
    const stale = await accept(clients.rep, lead.id, { summaryId, field: "stage", version: String(lead.version) });
    expect(stale.status).toBe(409);
    expect((await answerOf(stale))?.ok).toBe(false);
    expect(await leadNow(lead.id)).toMatchObject({ stage_id: stages[0].id, version: lead.version + 1 });
    const moved = await accept(clients.rep, lead.id, { summaryId, field: "stage", version: String(lead.version + 1) });
    expect(moved.status).toBe(200);
    expect(await leadNow(lead.id)).toMatchObject({ stage_id: stages[1].id, version: lead.version + 2 });
  });

  it("a viewer may not accept (403), and nothing changes", async () => {
    const lead = await freshLead();
    const summaryId = await insertSummary(lead.id);
    expect((await accept(clients.viewer, lead.id, { summaryId, field: "company", version: String(lead.version) })).status).toBe(403);
    expect(await leadNow(lead.id)).toMatchObject({ company: null, version: lead.version });
  });

  it("another organization's summary, or another lead's, is not found (404), and nothing changes", async () => {
    const lead = await freshLead();
    const borealLead = await freshLead("boreal", clients.boreal);
    const borealSummary = await insertSummary(borealLead.id, { orgId: borealId, stageId: null });
    const otherLead = await freshLead();
    const otherSummary = await insertSummary(otherLead.id);
    for (const summaryId of [borealSummary, otherSummary, randomUUID()]) {
      expect((await accept(clients.owner, lead.id, { summaryId, field: "company", version: String(lead.version) })).status).toBe(404);
    }
    // Boreal's owner aiming at aurora's lead with aurora's own summary.
    const auroraSummary = await insertSummary(lead.id);
    expect((await accept(clients.boreal, lead.id, { summaryId: auroraSummary, field: "company", version: String(lead.version) }, "boreal")).status).toBe(404);
    expect(await leadNow(lead.id)).toMatchObject({ company: null, version: lead.version });
    expect(await leadNow(borealLead.id)).toMatchObject({ company: null, version: borealLead.version });
    const accepted = await db.adminQuery<{ accepted: Record<string, unknown> }>("select accepted from ai_summaries where id = any($1::uuid[])", [
      [borealSummary, otherSummary, auroraSummary],
    ]);
    expect(accepted.map((row) => row.accepted)).toEqual([{}, {}, {}]);
  });

  it("a malformed summary id, field or version is a bad request (400), and nothing changes", async () => {
    const lead = await freshLead();
    const summaryId = await insertSummary(lead.id);
    const version = String(lead.version);
    const forms: Record<string, string>[] = [
      { summaryId: "not-a-uuid", field: "company", version },
      { summaryId, field: "phone", version },
      { summaryId, field: "", version },
      { summaryId, field: "company", version: "dois" },
      { summaryId, field: "company" },
    ];
    for (const form of forms) {
      expect((await accept(clients.owner, lead.id, form)).status, JSON.stringify(form)).toBe(400);
    }
    expect(await leadNow(lead.id)).toMatchObject({ company: null, version: lead.version });
  });

  it("teaches where summaries come from before the first, and shows one on its way", async () => {
    const lead = await freshLead();
    const empty = await pageOf(clients.rep, lead.id);
    expect(empty).toContain('data-ai-state="empty"');
    expect(empty).toContain("O resumo aparece alguns segundos depois de uma mensagem, ligação ou nota.");
    expect(empty).not.toContain("Analisando a conversa…");
    await db.adminQuery("update leads set ai_pending_since = now() where id = $1", [lead.id]);
    expect(await pageOf(clients.rep, lead.id)).toContain("Analisando a conversa…");
  });

  it("with AI off says so, links admins to the settings, and refuses Resumir agora", async () => {
    const lead = await freshLead();
    await db.adminQuery("update organizations set ai_enabled = false where id = $1", [auroraId]);
    try {
      const owner = await pageOf(clients.owner, lead.id);
      expect(owner).toContain('data-ai-panel="off"');
      expect(owner).toContain("A IA está desligada");
      expect(owner).toContain('href="/o/aurora/settings/ai"');
      expect(owner).not.toContain("Resumir agora");
      const rep = await pageOf(clients.rep, lead.id);
      expect(rep).toContain("A IA está desligada");
      expect(rep).not.toContain('href="/o/aurora/settings/ai"');
      const refused = await clients.rep.post(`/o/aurora/leads/${lead.id}.data`, { intent: "summarize" });
      expect(refused.status).toBe(409);
      expect((await answerOf(refused))?.message).toContain("A IA está desligada");
    } finally {
      await db.adminQuery("update organizations set ai_enabled = true where id = $1", [auroraId]);
    }
  });

  it("a call shows its transcript folded, or why there is none", async () => {
    const lead = await freshLead();
    const call = (over: Record<string, unknown>) => ({
      kind: "call",
      call: { connectionId: randomUUID(), orgNumber: "+5511400000002", leadPhone: "+5511987650000", recording: { state: "stored", fileId: randomUUID() }, ...over },
    });
    const calls = {
      done: call({ transcript: { state: "done", text: "Cliente confirmou a reunião de terça." } }),
      pending: call({ transcript: { state: "pending" } }),
      failed: call({ transcript: { state: "failed", reason: "timeout" } }),
      unavailable: call({ transcript: { state: "unavailable", reason: "no key" } }),
      none: call({}),
    };
    const ids: Record<string, string> = {};
    for (const [name, metadata] of Object.entries(calls)) {
      ids[name] = randomUUID();
      await db.adminQuery(
        `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
         values ($1, $2, $3, 'phone', 'outbound', '', $4::jsonb, 'completed', now(), now(), now())`,
        [ids[name], auroraId, lead.id, JSON.stringify(metadata)],
      );
    }
    const html = await pageOf(clients.rep, lead.id);
    const callMarkup = (id: string) => {
      const start = html.indexOf(`data-call-id="${id}"`);
      expect(start, id).toBeGreaterThan(-1);
      return html.slice(start, html.indexOf("</article>", start));
    };
    expect(callMarkup(ids.done)).toMatch(/<details data-transcript-state="done"[^>]*><summary[^>]*>Transcrição<\/summary><p[^>]*>Cliente confirmou a reunião de terça\./);
    expect(callMarkup(ids.pending)).toMatch(/data-transcript-state="pending"[^>]*>transcrevendo…/);
    expect(callMarkup(ids.failed)).toMatch(/data-transcript-state="failed"[^>]*>falha na transcrição/);
    expect(callMarkup(ids.unavailable)).toMatch(/data-transcript-state="unavailable"[^>]*>transcrição indisponível/);
    expect(callMarkup(ids.none)).toMatch(/data-transcript-state="unavailable"[^>]*>transcrição indisponível/);
  });

  const summarizedAt = (leadId: string, at: string) =>
    db.adminQuery("update leads set ai_sentiment = 'negative', ai_summary_at = now() + $2::interval where id = $1", [leadId, at]);

  function cardTag(html: string, leadId: string) {
    const match = new RegExp(`<div[^>]*data-lead-id="${leadId}"[^>]*>`).exec(html);
    expect(match, leadId).not.toBeNull();
    return match![0];
  }

  it("the board answers the signed-in person's own visits, only those that saw the newest summary, and the card marks the rest", async () => {
    const [seen, unseen, managers, untouched] = [(await freshLead()).id, (await freshLead()).id, (await freshLead()).id, (await freshLead()).id];
    for (const leadId of [seen, unseen, managers]) await summarizedAt(leadId, "-1 hour");
    expect((await clients.rep.get(`/o/aurora/leads/${seen}`)).status).toBe(200);
    expect((await clients.manager.get(`/o/aurora/leads/${managers}`)).status).toBe(200);
    expect((await clients.rep.get(`/o/aurora/leads/${untouched}`)).status).toBe(200);

    const rep = (await loadBoard(clients.rep, "aurora")).data!;
    expect(Object.keys(rep.leadVisits)).toContain(seen);
    // The manager's visit is theirs; a lead without a summary has nothing to mark.
    expect(Object.keys(rep.leadVisits)).not.toContain(managers);
    expect(Object.keys(rep.leadVisits)).not.toContain(untouched);
    expect(Date.parse(rep.leadVisits[seen])).toBeGreaterThan(Date.now() - 60_000);
    const manager = (await loadBoard(clients.manager, "aurora")).data!;
    expect(Object.keys(manager.leadVisits)).toContain(managers);
    expect(Object.keys(manager.leadVisits)).not.toContain(seen);

    const card = rep.stages.flatMap((stage) => stage.leads).find((lead) => lead.id === seen);
    expect(card).toMatchObject({ aiSentiment: "negative", aiSummaryAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });

    const html = (await clients.rep.get("/o/aurora/board")).body;
    expect(cardTag(html, seen)).toContain('data-ai-sentiment="negative"');
    expect(cardTag(html, seen)).not.toContain("data-summary-new");
    expect(cardTag(html, unseen)).toContain('data-summary-new="true"');
    expect(cardTag(html, untouched)).not.toContain("data-ai-sentiment");
    expect(cardTag(html, untouched)).not.toContain("data-summary-new");
    expect(html).toContain("Sentimento: negativo");

    // A summary after the visit makes it new again: the visit no longer counts.
    await summarizedAt(seen, "1 second");
    const after = (await loadBoard(clients.rep, "aurora")).data!;
    expect(Object.keys(after.leadVisits)).not.toContain(seen);
    expect(cardTag((await clients.rep.get("/o/aurora/board")).body, seen)).toContain('data-summary-new="true"');
  });
});
