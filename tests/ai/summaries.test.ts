import { beforeAll, describe, expect, it } from "vitest";
import { summarizeLead } from "~/modules/ai/summarize-lead.server";
import { addNote } from "~/modules/timeline/add-note.server";
import { signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId, stagesOf, userByEmail } from "../board/support";
import { runJobs } from "../whatsapp/support";
import { aLead, anEntry, chatRequests, pendingSummaryJob, sentText, setAi, setEnv, summaryJobsDueNow, useOpenAiFake } from "./support";

type SummaryRow = { id: string; status: string; provider: string; error: string | null; output: Record<string, unknown> | null; input_tokens: number; trigger: string };

/**
 * Summaries through the real job, the real `openai` client and a loopback
 * OpenAI that speaks its wire format: when a summary is made (debounced,
 * bounded, never twice for one state), what is sent (that lead only, third
 * parties masked), and every way the provider fails recorded as a failure.
 */
describe("AI summaries of a lead's conversation", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const fake = useOpenAiFake({ AI_SUMMARY_DELAY_MS: "4000", AI_SUMMARY_MAX_WAIT_MS: "20000" });
  let clients: Record<DemoPerson, TestClient>;
  let aurora = "";
  let boreal = "";
  let stageId = "";
  let rep = { id: "", fullName: "" };

  beforeAll(async () => {
    clients = await signInDemoCast(server);
    aurora = await organizationId(db, "aurora");
    boreal = await organizationId(db, "boreal");
    stageId = (await stagesOf(db, aurora))[0].id;
    rep = await userByEmail(db, "rep@aurora.test");
    await setAi(db, aurora, { enabled: true, monthlyLimit: 1000 });
  });

  const newLead = (details?: Parameters<typeof aLead>[4]) => aLead(db, clients.owner, "aurora", stageId, details);
  const summariesOf = (leadId: string) =>
    db.adminQuery<SummaryRow>("select id, status, provider, error, output, input_tokens, trigger from ai_summaries where lead_id = $1 order by created_at", [leadId]);
  const usageOf = (organization: string) =>
    db.adminQuery<{ kind: string; succeeded: boolean; input_tokens: number; summary_id: string | null }>("select kind, succeeded, input_tokens, summary_id from ai_usage where organization_id = $1 order by created_at", [organization]);
  const eventsOf = (leadId: string) =>
    db.adminQuery<{ data: Record<string, unknown> }>("select data from realtime_events where type = 'summary.created' and data->>'leadId' = $1 order by event_id", [leadId]);
  const note = (leadId: string, content: string) => addNote({ organizationId: aurora, userId: rep.id, userName: rep.fullName }, { leadId, content });
  const summarize = (leadId: string, trigger: "auto" | "manual" = "auto") => summarizeLead({ organizationId: aurora, leadId, trigger, requestedBy: null });
  const requestsFor = (leadName: string) => chatRequests(fake.current).filter((request) => sentText(request).includes(leadName));

  it("a burst of changes makes one pending job and one request; the summary is validated, stored and announced", async () => {
    const lead = await newLead();
    await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Oi! Queria um orçamento para um site institucional.", minutesAgo: 3 });
    for (const text of ["Ela pediu orçamento.", "Mandar portfólio também.", "Prefere contato à tarde.", "Orçamento até sexta."]) await note(lead.id, text);
    const jobs = await pendingSummaryJob(db, lead.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].payload.trigger).toBe("auto");
    // The last change pushed it to about the delay from now, not earlier.
    expect(jobs[0].seconds_from_now).toBeGreaterThan(2);

    await summaryJobsDueNow(db);
    await runJobs(db);
    expect(requestsFor(lead.fullName)).toHaveLength(1);
    const [summary] = await summariesOf(lead.id);
    expect(summary).toMatchObject({ status: "succeeded", provider: "openai", error: null, trigger: "auto" });
    expect(summary.output).toMatchObject({ intent: "quote" });
    expect(summary.input_tokens).toBeGreaterThan(0);
    expect((await usageOf(aurora)).filter((row) => row.summary_id === summary.id)).toEqual([expect.objectContaining({ kind: "summary", succeeded: true })]);
    expect(await eventsOf(lead.id)).toEqual([{ data: expect.objectContaining({ summaryId: summary.id, status: "succeeded", sentiment: expect.any(String) }) }]);
    const [leadRow] = await db.adminQuery("select ai_sentiment, ai_summary_at, ai_pending_since from leads where id = $1", [lead.id]);
    expect(leadRow).toMatchObject({ ai_sentiment: summary.output!.sentiment, ai_pending_since: null });
    expect(leadRow.ai_summary_at).not.toBeNull();
  });

  it("a steady conversation is not starved: the job never runs later than the maximum wait after the first unsummarized change", async () => {
    const lead = await newLead();
    await note(lead.id, "Primeira nota.");
    const [first] = await pendingSummaryJob(db, lead.id);
    expect(first.seconds_from_now).toBeGreaterThan(2);
    // The conversation has been changing for 19 of the 20 seconds allowed: the next change cannot push past the 20th.
    await db.adminQuery("update leads set ai_pending_since = now() - interval '19 seconds' where id = $1", [lead.id]);
    await note(lead.id, "Mais uma nota, logo depois.");
    const [bounded] = await pendingSummaryJob(db, lead.id);
    expect(bounded.seconds_from_now).toBeLessThan(1.5);
    expect(await pendingSummaryJob(db, lead.id)).toHaveLength(1);
  });

  it("never summarizes the same conversation state twice", async () => {
    const lead = await newLead();
    await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Podemos marcar uma reunião na terça?" });
    expect(await summarize(lead.id)).toMatchObject({ done: "saved", status: "succeeded" });
    expect(await summarize(lead.id)).toEqual({ done: "skipped", reason: "unchanged" });
    expect(await summarize(lead.id, "manual")).toEqual({ done: "skipped", reason: "unchanged" });
    expect(requestsFor(lead.fullName)).toHaveLength(1);
    // "Resumir agora" on an up-to-date summary queues nothing.
    const answer = await clients.rep.post(`/o/aurora/leads/${lead.id}.data`, { intent: "summarize" });
    expect(answer.status).toBe(200);
    expect(await pendingSummaryJob(db, lead.id)).toHaveLength(0);
    await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Terça às 15h fica ótimo." });
    expect(await summarize(lead.id)).toMatchObject({ done: "saved", status: "succeeded" });
    expect(await summariesOf(lead.id)).toHaveLength(2);
  });

  it("sends that lead's conversation only, with third parties' phones and e-mails masked and the lead's own kept", async () => {
    const lead = await newLead({ email: "compras@padaria-sol.com.br", phone: "+5511987650001" });
    const other = await newLead();
    await anEntry(db, { organizationId: aurora, leadId: other.id }, { text: "SEGREDO-DO-OUTRO-LEAD quer cancelar." });
    const outsider = await aLead(db, clients.boreal, "boreal", (await stagesOf(db, boreal))[0].id);
    await anEntry(db, { organizationId: boreal, leadId: outsider.id }, { text: "SEGREDO-DA-BOREAL" });
    await anEntry(db, { organizationId: aurora, leadId: lead.id }, {
      text: "Pode falar com meu sócio no (11) 97777-1234 ou joao.socio@outra.com.br. Meu e-mail é compras@padaria-sol.com.br, orçamento R$ 12.500,00.",
      minutesAgo: 2,
    });
    await summarize(lead.id);
    const [request] = requestsFor(lead.fullName);
    const sent = sentText(request);
    expect(sent).not.toContain("97777-1234");
    expect(sent).not.toContain("joao.socio@outra.com.br");
    expect(sent).toContain("[phone]");
    expect(sent).toContain("[email]");
    expect(sent).toContain("compras@padaria-sol.com.br");
    expect(sent).toContain("R$ 12.500,00");
    expect(sent).not.toContain("SEGREDO");
  });

  it("a 429 is retried after the time it asks for, then succeeds: one summary, one usage row", async () => {
    const lead = await newLead();
    await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Qual o preço do plano mensal?" });
    fake.current.script({ status: 429, headers: { "retry-after-ms": "30" } });
    const before = chatRequests(fake.current).length;
    expect(await summarize(lead.id)).toMatchObject({ done: "saved", status: "succeeded" });
    expect(chatRequests(fake.current).length - before).toBe(2);
    expect(await summariesOf(lead.id)).toMatchObject([{ status: "succeeded" }]);
  });

  it("a timeout, invalid JSON and an answer outside the schema are each recorded as a failure with its reason, never as a summary", async () => {
    setEnv({ OPENAI_TIMEOUT_MS: "300", OPENAI_MAX_RETRIES: "0" });
    try {
      const cases: [Parameters<typeof fake.current.script>[0], RegExp][] = [
        [{ delayMs: 1500 }, /timeout/],
        [{ content: "{ isto não é json" }, /json/i],
        [{ content: JSON.stringify({ summary: "x".repeat(700), sentiment: "positive", sentimentScore: 0.5, intent: "quote", urgency: "low", nextActions: [], suggestedStageId: null, suggestedStageReason: null, extracted: { company: null, email: null, budget: null, deadline: null } }) }, /schema/],
      ];
      for (const [step, reason] of cases) {
        const lead = await newLead();
        await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Vocês entregam até dezembro?" });
        fake.current.script(step);
        expect(await summarize(lead.id)).toMatchObject({ done: "saved", status: "failed" });
        const [failed] = await summariesOf(lead.id);
        expect(failed).toMatchObject({ status: "failed", output: null });
        expect(failed.error).toMatch(reason);
        expect(failed.error).not.toContain(fake.current.apiKey);
        const [leadRow] = await db.adminQuery("select ai_sentiment, ai_summary_at from leads where id = $1", [lead.id]);
        expect(leadRow).toEqual({ ai_sentiment: null, ai_summary_at: null });
        expect(await eventsOf(lead.id)).toEqual([{ data: expect.objectContaining({ status: "failed", sentiment: null }) }]);
      }
    } finally {
      setEnv({ OPENAI_TIMEOUT_MS: "2000", OPENAI_MAX_RETRIES: "2" });
    }
  });

  it("at the monthly limit nothing is sent: automatic summaries stop and 'Resumir agora' answers 429", async () => {
    const lead = await newLead();
    await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Quero contratar, podem mandar o contrato?" });
    const [{ count }] = await db.adminQuery<{ count: number }>(
      "select count(*)::int as count from ai_usage where organization_id = $1 and kind = 'summary' and created_at >= date_trunc('month', now() at time zone 'America/Sao_Paulo') at time zone 'America/Sao_Paulo'",
      [aurora],
    );
    await setAi(db, aurora, { enabled: true, monthlyLimit: count });
    try {
      const before = fake.current.requests.length;
      expect(await summarize(lead.id)).toEqual({ done: "skipped", reason: "limit" });
      const answer = await clients.rep.post(`/o/aurora/leads/${lead.id}.data`, { intent: "summarize" });
      expect(answer.status).toBe(429);
      expect(answer.body).toContain("limite mensal");
      expect(fake.current.requests.length).toBe(before);
      expect(await pendingSummaryJob(db, lead.id)).toHaveLength(0);
      expect(await summariesOf(lead.id)).toEqual([]);
    } finally {
      await setAi(db, aurora, { enabled: true, monthlyLimit: 1000 });
    }
  });

  it("with AI off nothing is scheduled, computed or sent — the local analyzer included", async () => {
    await setAi(db, aurora, { enabled: false });
    try {
      const lead = await newLead();
      await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Quero um orçamento urgente." });
      await note(lead.id, "Nota com a IA desligada.");
      expect(await pendingSummaryJob(db, lead.id)).toHaveLength(0);
      const before = fake.current.requests.length;
      expect(await summarize(lead.id)).toEqual({ done: "skipped", reason: "off" });
      setEnv({ OPENAI_API_KEY: undefined });
      try {
        expect(await summarize(lead.id)).toEqual({ done: "skipped", reason: "off" });
      } finally {
        setEnv({ OPENAI_API_KEY: fake.current.apiKey });
      }
      expect(fake.current.requests.length).toBe(before);
      expect(await summariesOf(lead.id)).toEqual([]);
      const answer = await clients.rep.post(`/o/aurora/leads/${lead.id}.data`, { intent: "summarize" });
      expect(answer.status).toBe(409);
    } finally {
      await setAi(db, aurora, { enabled: true });
    }
  });

  it("without a key the local analyzer summarizes, labelled as local, and a suggestion is never written to the lead by itself", async () => {
    setEnv({ OPENAI_API_KEY: undefined });
    try {
      const lead = await newLead({ company: null });
      await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Olá, sou a Ana da Construtora Horizonte. Precisamos de uma proposta para redes sociais, orçamento de R$ 5.000 por mês." });
      const before = fake.current.requests.length;
      expect(await summarize(lead.id)).toMatchObject({ done: "saved", status: "succeeded" });
      expect(fake.current.requests.length).toBe(before);
      const [summary] = await summariesOf(lead.id);
      expect(summary.provider).toBe("local");
      expect((summary.output!.extracted as { company: string | null }).company).toMatch(/Horizonte/);
      expect(await usageOf(aurora)).not.toContainEqual(expect.objectContaining({ summary_id: summary.id }));
      const [leadRow] = await db.adminQuery<{ company: string | null; version: number; stage_id: string }>("select company, version, stage_id from leads where id = $1", [lead.id]);
      expect(leadRow).toEqual({ company: null, version: lead.version, stage_id: stageId });
    } finally {
      setEnv({ OPENAI_API_KEY: fake.current.apiKey });
    }
  });

  it("text PostgreSQL would refuse (NUL, half an emoji) from the model or the conversation is cleaned, not a failed save", async () => {
    const lead = await newLead();
    await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: `Quero orçamento ${"😀".repeat(400)}` });
    const output = { summary: "Pediu orçamento\u0000 😀 e \ud83d", sentiment: "positive", sentimentScore: 0.4, intent: "quote", urgency: "low", nextActions: [], suggestedStageId: null, suggestedStageReason: null, extracted: { company: null, email: null, budget: null, deadline: null } };
    fake.current.script({ content: JSON.stringify(output).replace("\\u0000", "\\u0000") });
    expect(await summarize(lead.id)).toMatchObject({ done: "saved", status: "succeeded" });
    const [summary] = await summariesOf(lead.id);
    expect(summary.output!.summary).toBe("Pediu orçamento 😀 e \ufffd");
    setEnv({ OPENAI_API_KEY: undefined });
    try {
      await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: `Mais emoji ${"😀".repeat(400)}` });
      expect(await summarize(lead.id)).toMatchObject({ done: "saved", status: "succeeded" });
    } finally {
      setEnv({ OPENAI_API_KEY: fake.current.apiKey });
    }
  });

  it("a second job for a lead being summarized waits its turn instead of sending the same state again", async () => {
    const lead = await newLead();
    await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Podem me mandar a proposta?" });
    await db.adminQuery("update leads set ai_summarizing_until = now() + interval '1 minute' where id = $1", [lead.id]);
    expect(await summarize(lead.id, "manual")).toEqual({ done: "skipped", reason: "busy" });
    expect(requestsFor(lead.fullName)).toHaveLength(0);
    const [retry] = await pendingSummaryJob(db, lead.id);
    expect(retry.payload.trigger).toBe("manual");
    expect(retry.seconds_from_now).toBeGreaterThan(0);
    await db.adminQuery("update leads set ai_summarizing_until = now() - interval '1 second' where id = $1", [lead.id]);
    expect(await summarize(lead.id, "manual")).toMatchObject({ done: "saved", status: "succeeded" });
    const [after] = await db.adminQuery("select ai_summarizing_until from leads where id = $1", [lead.id]);
    expect(after.ai_summarizing_until).toBeNull();
  });

  it("jobs running at once cannot pass the monthly limit together: the last summary is reserved before it is sent", async () => {
    const leads = [await newLead(), await newLead(), await newLead()];
    for (const lead of leads) await anEntry(db, { organizationId: aurora, leadId: lead.id }, { text: "Qual o valor do pacote anual?" });
    const [{ count }] = await db.adminQuery<{ count: number }>(
      "select count(*)::int as count from ai_usage where organization_id = $1 and kind = 'summary' and created_at >= date_trunc('month', now() at time zone 'America/Sao_Paulo') at time zone 'America/Sao_Paulo'",
      [aurora],
    );
    await setAi(db, aurora, { enabled: true, monthlyLimit: count + 1 });
    try {
      fake.current.script({ delayMs: 300 }, { delayMs: 300 }, { delayMs: 300 });
      const outcomes = await Promise.all(leads.map((lead) => summarize(lead.id)));
      expect(outcomes.filter((outcome) => outcome.done === "saved")).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.done === "skipped" && outcome.reason === "limit")).toHaveLength(2);
      expect(leads.flatMap((lead) => requestsFor(lead.fullName))).toHaveLength(1);
    } finally {
      await setAi(db, aurora, { enabled: true, monthlyLimit: 1000 });
    }
  });
});
