/**
 * `npm run openai:fake` — a loopback OpenAI for tests, benchmarks and trying
 * the OpenAI path offline (OPENAI_FAKE_PORT, default 4010; OPENAI_FAKE_DELAY_MS
 * to make every answer take that long). The app talks to it with the real `openai` client
 * (OPENAI_BASE_URL pointed here): Chat Completions and audio transcriptions,
 * Bearer auth, OpenAI's error bodies. `script()` makes the next requests
 * fail, stall or answer something odd, one step each.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { chatCompletion, defaultSummaryContent, errorBody, invalidKeyBody, transcription, type ChatRequestBody } from "./openai-fake-wire";

export const OPENAI_FAKE_KEY = "sk-fake-loved-crm-local";
const DEFAULT_TRANSCRIPT =
  "Alô, aqui é a Marina da Padaria Pão Quente. Queria um orçamento para um site novo com cardápio online. Nosso orçamento é de uns oito mil reais e precisamos até o fim de janeiro.";

export type FakeRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or null (multipart, empty, not JSON). */
  json: unknown;
  /** A multipart body's text fields and its file (transcriptions). */
  fields: Record<string, string> | null;
  file: { name: string; type: string; size: number } | null;
  /** `performance.now()` in the fake's process when the request arrived and when its answer was handed to the socket (null until then): a benchmark subtracts the fake's own time. */
  receivedAt: number;
  answeredAt: number | null;
};

/**
 * One scripted answer, for the next request whichever endpoint it goes to.
 * `status` ≥ 400 answers OpenAI's error body for it;
 * `delayMs` waits before answering (past the client's timeout: a timeout),
 * then answers the rest of the step or, with nothing else, the default;
 * `content` replaces the model's text in an otherwise normal completion;
 * `json` is the whole body, as is.
 */
export type FakeStep = { status?: number; headers?: Record<string, string>; delayMs?: number; content?: string; json?: unknown };

export type OpenAiFakeOptions = {
  /** The key requests must carry; anything else gets a 401. */
  apiKey?: string;
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  transcript?: string;
  /** What whisper-1 reports as the audio's length. */
  audioSeconds?: number;
  /** How long every answer takes unless a step says otherwise (a benchmark's stand-in for the model's latency). */
  delayMs?: number;
};

export type OpenAiFake = {
  /** The base URL, ending in /v1, for OPENAI_BASE_URL. */
  url: string;
  apiKey: string;
  requests: FakeRequest[];
  script(...steps: FakeStep[]): void;
  close(): Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function recordOf(req: IncomingMessage, raw: Buffer, receivedAt: number): Promise<FakeRequest> {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : (value ?? "")]));
  const record: FakeRequest = { method: req.method ?? "", path: (req.url ?? "").split("?")[0], headers, json: null, fields: null, file: null, receivedAt, answeredAt: null };
  const type = headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) {
    // The platform's own multipart parser (undici's Response.formData) rather than one of ours.
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": type } }).formData();
    record.fields = {};
    for (const [name, value] of form) {
      if (typeof value === "string") record.fields[name] = value;
      else record.file = { name: value.name, type: value.type, size: value.size };
    }
  } else if (raw.length) {
    try {
      record.json = JSON.parse(raw.toString("utf8"));
    } catch {
      record.json = null;
    }
  }
  return record;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_fake_${Date.now().toString(36)}`, ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

export async function startOpenAiFake(options: OpenAiFakeOptions = {}): Promise<OpenAiFake> {
  const apiKey = options.apiKey ?? OPENAI_FAKE_KEY;
  const requests: FakeRequest[] = [];
  const steps: FakeStep[] = [];
  let sequence = 0;

  function defaultAnswer(record: FakeRequest, step: FakeStep): { status: number; body: unknown } {
    if (record.path === "/v1/chat/completions") {
      const body = (record.json ?? {}) as ChatRequestBody;
      return { status: 200, body: chatCompletion(body, step.content ?? defaultSummaryContent(body), ++sequence) };
    }
    if (record.path === "/v1/audio/transcriptions") {
      return { status: 200, body: transcription(record.fields?.model ?? "", options.transcript ?? DEFAULT_TRANSCRIPT, options.audioSeconds ?? 3) };
    }
    return { status: 404, body: errorBody(404, `Invalid URL (${record.method} ${record.path})`) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const receivedAt = performance.now();
    const record = await recordOf(req, await readBody(req), receivedAt);
    res.once("finish", () => (record.answeredAt = performance.now()));
    requests.push(record);
    const given = /^Bearer (.+)$/.exec(record.headers.authorization ?? "")?.[1] ?? "";
    if (given !== apiKey) return send(res, 401, invalidKeyBody(given));
    if (record.method !== "POST") return send(res, 405, errorBody(400, `Method ${record.method} not allowed`));

    const step = steps.shift() ?? {};
    const delayMs = step.delayMs ?? options.delayMs;
    if (delayMs) await sleep(delayMs);
    if (step.json !== undefined) return send(res, step.status ?? 200, step.json, step.headers);
    if (step.status && step.status >= 400) return send(res, step.status, errorBody(step.status), step.headers);
    const answer = defaultAnswer(record, step);
    send(res, step.status ?? answer.status, answer.body, step.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, errorBody(500)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    script: (...next) => void steps.push(...next),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const fake = await startOpenAiFake({ port: Number(process.env.OPENAI_FAKE_PORT || 4010), delayMs: Number(process.env.OPENAI_FAKE_DELAY_MS || 0) });
  process.stdout.write(
    [
      `OpenAI fake listening on ${fake.url} (summaries by the local analyzer, a fixed pt-BR transcript). Start the app with:`,
      `  OPENAI_BASE_URL=${fake.url} OPENAI_API_KEY=${fake.apiKey} npm start`,
      "",
    ].join("\n"),
  );
}
