import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { summaryOutputSchema } from "~/modules/ai/summary-output.server";
import { describeOpenAiError, openAiClient, withDeadline } from "~/modules/ai/openai/openai-client.server";
import { summarizeWithOpenAi, type SummaryAttempt, type SummaryRequest } from "~/modules/ai/openai/summarize-with-openai.server";
import { transcribeWithOpenAi, type TranscriptionAttempt } from "~/modules/ai/openai/transcribe-with-openai.server";
import { startOpenAiFake, type OpenAiFake } from "~/server/openai-fake";
import { resetEnv } from "~/utils/env.server";
import { TEST_SECRETS } from "../support/cluster";

/**
 * The OpenAI provider path end to end through the real `openai` client
 * against the loopback fake: what is sent (strict schema, prompt), what
 * comes back (validated output, tokens, cost), and every way it can fail
 * coming back as a short reason that never holds the key.
 */

const STAGES = [
  { id: "0b8f4f7e-1d2a-4c55-9a7e-000000000001", name: "Novo" },
  { id: "0b8f4f7e-1d2a-4c55-9a7e-000000000002", name: "Proposta enviada" },
];
const RATE = 5;

function aRequest(overrides: Partial<SummaryRequest> = {}): SummaryRequest {
  return {
    language: "pt-BR",
    timeZone: "America/Sao_Paulo",
    now: new Date("2026-11-30T12:00:00Z"),
    lead: { name: "Marina Costa", company: "Padaria Pão Quente", stageName: "Novo" },
    stages: STAGES,
    previousSummary: null,
    // Out of order on purpose: the prompt lists them oldest first.
    entries: [
      { kind: "message", direction: "outbound", text: "Olá Marina! Fazemos sim. Qual o prazo?", at: new Date("2026-11-29T17:10:00Z") },
      { kind: "message", direction: "inbound", text: "Oi, boa tarde! Vocês fazem site com cardápio online? Queria um orçamento.", at: new Date("2026-11-29T17:03:00Z") },
      { kind: "note", direction: "internal", text: "Indicação do João, cliente antigo.", at: new Date("2026-11-29T17:15:00Z") },
      { kind: "message", direction: "inbound", text: "Preciso até o fim de janeiro, orçamento de uns R$ 8.000.", at: new Date("2026-11-29T17:20:00Z") },
    ],
    ...overrides,
  };
}

describe("the OpenAI provider against the loopback fake", () => {
  let fake: OpenAiFake;
  const names = ["DATABASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_TRANSCRIPTION_MODEL", "OPENAI_TIMEOUT_MS", "OPENAI_MAX_RETRIES", "AI_BRL_PER_USD"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const savedSecrets = Object.fromEntries(Object.keys(TEST_SECRETS).map((name) => [name, process.env[name]]));

  function setEnv(values: Partial<Record<(typeof names)[number], string>>) {
    Object.assign(process.env, values);
    resetEnv();
  }

  /** A failure, whose reason is one short line without the key or a stack trace, whatever went wrong. */
  function failed<T extends SummaryAttempt | TranscriptionAttempt>(attempt: T): Extract<T, { ok: false }> {
    if (attempt.ok) throw new Error(`expected a failure, got a success: ${JSON.stringify(attempt)}`);
    expect(attempt.reason).not.toContain(fake.apiKey);
    expect(attempt.reason).not.toMatch(/sk-|\n|\bat .+:\d+:\d+/);
    expect(attempt.reason.length).toBeLessThanOrEqual(120);
    return attempt as Extract<T, { ok: false }>;
  }

  beforeAll(async () => {
    fake = await startOpenAiFake();
    // getEnv() wants a database URL; nothing here connects to it.
    Object.assign(process.env, TEST_SECRETS);
  });

  beforeEach(() => {
    fake.requests.length = 0;
    setEnv({
      DATABASE_URL: "postgres://unused@127.0.0.1:1/unused",
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODEL: "gpt-4o-mini",
      OPENAI_TRANSCRIPTION_MODEL: "gpt-4o-mini-transcribe",
      OPENAI_TIMEOUT_MS: "3000",
      OPENAI_MAX_RETRIES: "2",
      AI_BRL_PER_USD: String(RATE),
    });
  });

  afterAll(async () => {
    await fake?.close();
    for (const [name, value] of Object.entries({ ...saved, ...savedSecrets })) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnv();
  });

  it("summarizes: the fake's answer validated, with its tokens and their cost", async () => {
    const attempt = await summarizeWithOpenAi(aRequest());
    if (!attempt.ok) throw new Error(attempt.reason);
    expect(summaryOutputSchema.parse(attempt.output)).toEqual(attempt.output);
    expect(attempt.output.intent).toBe("quote");
    expect(attempt.output.summary).toMatch(/orçamento/);
    expect(attempt.output.summary).not.toContain("Indicação do João");
    expect(attempt.model).toBe("gpt-4o-mini");
    expect(attempt.usage.inputTokens).toBeGreaterThan(100);
    expect(attempt.usage.outputTokens).toBeGreaterThan(10);
    const usd = (attempt.usage.inputTokens * 0.15 + attempt.usage.outputTokens * 0.6) / 1_000_000;
    expect(attempt.costBrl).toBeCloseTo(usd * RATE, 6);
    expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    expect(fake.requests).toHaveLength(1);
  });

  it("answers in English when asked to", async () => {
    const attempt = await summarizeWithOpenAi(
      aRequest({ language: "en", entries: [{ kind: "message", direction: "inbound", text: "Hi, could you send me a quote for a new website?", at: new Date("2026-11-29T17:03:00Z") }] }),
    );
    if (!attempt.ok) throw new Error(attempt.reason);
    expect(attempt.output.nextActions[0]?.text).toBe("Send the quote");
  });

  it("sends a strict json_schema with the stage enum, and the entries oldest first in the org's time zone", async () => {
    await summarizeWithOpenAi(aRequest());
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    expect(request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    const body = request.json as {
      model: string;
      messages: { role: string; content: string }[];
      response_format: { type: string; json_schema: { strict: boolean; schema: { properties: Record<string, unknown> } } };
    };
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.properties.suggestedStageId).toMatchObject({
      anyOf: [{ type: "string", enum: STAGES.map((stage) => stage.id) }, { type: "null" }],
    });
    expect(JSON.stringify(body.response_format)).not.toMatch(/"(min|max)Length"/);
    expect(body.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(body.messages[0].content).toContain("Brazilian Portuguese");
    const user = body.messages[1].content;
    const lines = [
      "[2026-11-29 14:03] Lead: Oi, boa tarde!",
      "[2026-11-29 14:10] Equipe: Olá Marina!",
      "[2026-11-29 14:15] Nota interna: Indicação do João",
      "[2026-11-29 14:20] Lead: Preciso até o fim de janeiro",
    ].map((line) => user.indexOf(line));
    expect(lines.every((index) => index > 0)).toBe(true);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(user).toContain(`- ${STAGES[1].id}: Proposta enviada`);
  });

  it("429 with retry-after-ms: the client waits as told and asks again", async () => {
    fake.script({ status: 429, headers: { "retry-after-ms": "150" } });
    const attempt = await summarizeWithOpenAi(aRequest());
    expect(attempt.ok).toBe(true);
    expect(fake.requests).toHaveLength(2);
    expect(attempt.durationMs).toBeGreaterThanOrEqual(140);
  });

  it("500 twice, then an answer: two retries with backoff, one summary", async () => {
    fake.script({ status: 500 }, { status: 500 });
    const attempt = await summarizeWithOpenAi(aRequest());
    expect(attempt.ok).toBe(true);
    expect(fake.requests).toHaveLength(3);
  });

  it("500 on every attempt: a failure naming the status, after 1 + OPENAI_MAX_RETRIES requests", async () => {
    setEnv({ OPENAI_MAX_RETRIES: "1" });
    fake.script({ status: 500, headers: { "retry-after-ms": "10" } }, { status: 500, headers: { "retry-after-ms": "10" } });
    const attempt = failed(await summarizeWithOpenAi(aRequest()));
    expect(attempt.reason).toBe("HTTP 500");
    expect(attempt.usage).toBeNull();
    expect(fake.requests).toHaveLength(2);
  });

  it("no answer within OPENAI_TIMEOUT_MS: a timeout", async () => {
    setEnv({ OPENAI_TIMEOUT_MS: "300", OPENAI_MAX_RETRIES: "0" });
    fake.script({ delayMs: 2_000 });
    const attempt = failed(await summarizeWithOpenAi(aRequest()));
    expect(attempt.reason).toBe("timeout after 0.3 s");
    expect(attempt.durationMs).toBeLessThan(1_500);
  });

  it("an answer in 1 s within the timeout is a summary", async () => {
    fake.script({ delayMs: 1_000 });
    const attempt = await summarizeWithOpenAi(aRequest());
    expect(attempt.ok).toBe(true);
    expect(attempt.durationMs).toBeGreaterThanOrEqual(950);
  });

  it("a fake started with a delay answers every request that late", async () => {
    const slow = await startOpenAiFake({ delayMs: 300 });
    try {
      setEnv({ OPENAI_BASE_URL: slow.url });
      for (let index = 0; index < 2; index++) {
        const attempt = await summarizeWithOpenAi(aRequest());
        expect(attempt.ok).toBe(true);
        expect(attempt.durationMs).toBeGreaterThanOrEqual(290);
      }
      expect(slow.requests).toHaveLength(2);
    } finally {
      await slow.close();
    }
  });

  it("a retry-after longer than the deadline: given up at the deadline, not after the wait", async () => {
    fake.script({ status: 429, headers: { "retry-after": "5" } });
    const started = performance.now();
    const error = await withDeadline(400, (signal) => openAiClient().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "oi" }] }, { signal })).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(describeOpenAiError(error)).toBe("timeout after 0.4 s (all attempts)");
  });

  it("model text that is not JSON: invalid JSON, with the tokens it spent", async () => {
    fake.script({ content: "Claro! Aqui está o resumo da conversa." });
    const attempt = failed(await summarizeWithOpenAi(aRequest()));
    expect(attempt.reason).toBe("invalid JSON");
    expect(attempt.usage?.outputTokens).toBeGreaterThan(0);
    expect(attempt.costBrl).toBeGreaterThan(0);
  });

  it("a summary longer than the limit: a schema failure, never a summary", async () => {
    const first = await summarizeWithOpenAi(aRequest());
    if (!first.ok) throw new Error(first.reason);
    fake.script({ content: JSON.stringify({ ...first.output, summary: "a".repeat(700) }) });
    const attempt = failed(await summarizeWithOpenAi(aRequest()));
    expect(attempt.reason).toMatch(/^schema: summary: Too big/);
    expect(attempt.usage?.inputTokens).toBeGreaterThan(0);
  });

  it("a suggested stage that is not one of the organization's: a schema failure", async () => {
    const first = await summarizeWithOpenAi(aRequest());
    if (!first.ok) throw new Error(first.reason);
    fake.script({ content: JSON.stringify({ ...first.output, suggestedStageId: "11111111-2222-4333-8444-555555555555", suggestedStageReason: "Pediu proposta." }) });
    const attempt = failed(await summarizeWithOpenAi(aRequest()));
    expect(attempt.reason).toBe("schema: suggestedStageId: not one of the active stages");
  });

  it("a refusal is a failure that says so", async () => {
    fake.script({
      json: {
        id: "chatcmpl-refused",
        object: "chat.completion",
        created: 1,
        model: "gpt-4o-mini-2024-07-18",
        choices: [{ index: 0, message: { role: "assistant", content: null, refusal: "I'm sorry, I can't help with that." }, finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens: 900, completion_tokens: 10, total_tokens: 910 },
      },
    });
    const attempt = failed(await summarizeWithOpenAi(aRequest()));
    expect(attempt.reason).toBe("refused: I'm sorry, I can't help with that.");
    expect(attempt.model).toBe("gpt-4o-mini-2024-07-18");
    expect(attempt.usage).toEqual({ inputTokens: 900, outputTokens: 10 });
    expect(attempt.costBrl).toBeCloseTo(((900 * 0.15 + 10 * 0.6) / 1_000_000) * RATE, 6);
  });

  it.each([
    ["HTML", "text/html"],
    ["a broken JSON body", "application/json"],
  ])("a 200 whose body is %s: invalid response", async (_name, contentType) => {
    fake.script({ json: "<html>Bad gateway</html>", headers: { "content-type": contentType } });
    const attempt = failed(await summarizeWithOpenAi(aRequest()));
    expect(attempt.reason).toBe("invalid response: not JSON");
  });

  it("a wrong key: 401, not retried, and the reason does not quote the key", async () => {
    const wrongKey = "sk-proj-WrongButSecret0123456789";
    setEnv({ OPENAI_API_KEY: wrongKey });
    const attempt = failed(await summarizeWithOpenAi(aRequest()));
    expect(attempt.reason).toBe("HTTP 401 unauthorized (invalid_api_key)");
    expect(fake.requests).toHaveLength(1);
    expect(attempt.reason).not.toContain(wrongKey);
    expect(attempt.reason).not.toContain("sk-");
  });

  it("nobody listening: a network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    setEnv({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, OPENAI_MAX_RETRIES: "0" });
    const attempt = failed(await summarizeWithOpenAi(aRequest()));
    expect(attempt.reason).toBe("network error (ECONNREFUSED)");
  });

  describe("transcription", () => {
    const audio = () => readFile(new URL("../../app/server/fixtures/call-recording.mp3", import.meta.url));

    it("sends the recording as multipart with the language hint and returns the text", async () => {
      const recording = await audio();
      const attempt = await transcribeWithOpenAi({ audio: recording, filename: "call.mp3", contentType: "audio/mpeg", language: "pt-BR", audioSeconds: 60 });
      if (!attempt.ok) throw new Error(attempt.reason);
      expect(attempt.text).toMatch(/orçamento para um site/);
      expect(attempt.model).toBe("gpt-4o-mini-transcribe");
      expect(attempt.audioSeconds).toBe(60);
      expect(attempt.costBrl).toBeCloseTo(0.003 * RATE, 6);
      const [request] = fake.requests;
      expect(request.path).toBe("/v1/audio/transcriptions");
      expect(request.fields).toMatchObject({ model: "gpt-4o-mini-transcribe", language: "pt", response_format: "json" });
      expect(request.file).toEqual({ name: "call.mp3", type: "audio/mpeg", size: recording.length });
    });

    it("without a known length, a token-billed transcriber's cost is unknown; whisper-1 reports the seconds", async () => {
      const unknown = await transcribeWithOpenAi({ audio: await audio(), filename: "call.mp3", contentType: "audio/mpeg", language: "en" });
      expect(unknown).toMatchObject({ ok: true, audioSeconds: null, costBrl: null });
      expect(fake.requests[0].fields?.language).toBe("en");

      setEnv({ OPENAI_TRANSCRIPTION_MODEL: "whisper-1" });
      const whisper = await transcribeWithOpenAi({ audio: await audio(), filename: "call.mp3", contentType: "audio/mpeg", language: "pt-BR" });
      expect(whisper).toMatchObject({ ok: true, model: "whisper-1", audioSeconds: 3 });
      if (whisper.ok) expect(whisper.costBrl).toBeCloseTo((3 / 60) * 0.006 * RATE, 6);
    });

    it("allows a bigger recording more time than a summary gets", async () => {
      setEnv({ OPENAI_TIMEOUT_MS: "300", OPENAI_MAX_RETRIES: "0" });
      const big = Buffer.alloc(200 * 1024); // 300 ms + 200 KiB × 5 ms = 1.3 s
      fake.script({ delayMs: 800 });
      expect(await transcribeWithOpenAi({ audio: big, filename: "call.wav", contentType: "audio/wav", language: "pt-BR" })).toMatchObject({ ok: true });
      fake.script({ delayMs: 2_000 });
      const attempt = failed(await transcribeWithOpenAi({ audio: big, filename: "call.wav", contentType: "audio/wav", language: "pt-BR" }));
      expect(attempt.reason).toBe("timeout after 1.3 s");
    });

    it("fails with a short reason, after the client's retries", async () => {
      setEnv({ OPENAI_MAX_RETRIES: "1" });
      fake.script({ status: 503, headers: { "retry-after-ms": "10" } }, { status: 503, headers: { "retry-after-ms": "10" } });
      const attempt = failed(await transcribeWithOpenAi({ audio: await audio(), filename: "call.mp3", contentType: "audio/mpeg", language: "pt-BR" }));
      expect(attempt.reason).toBe("HTTP 503");
      expect(fake.requests).toHaveLength(2);
    });
  });
});
