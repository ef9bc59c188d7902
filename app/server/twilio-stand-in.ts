import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import {
  API_VERSION,
  createCallEngine,
  recordingCallbackOf,
  rfc2822,
  statusCallbackOf,
  type CallEngineContext,
  type PhoneBehaviour,
  type TwilioStandInAccount,
  type TwilioStandInCall,
} from "./twilio-stand-in-calls";
import { type TwilioCallbackEvent } from "./twilio-stand-in-webhooks";

export type { PhoneBehaviour, TwilioStandInAccount, TwilioStandInCall, TwilioStandInRecording } from "./twilio-stand-in-calls";
export type { TwilioCallbackEvent, TwilioCallbackKind } from "./twilio-stand-in-webhooks";

/**
 * A loopback Twilio (Programmable Voice) for tests and the offline demo. The
 * app drives it with the real twilio client (its httpClient pointed here):
 * Calls and Recordings over REST with basic auth and Twilio's error bodies;
 * then it plays the phone network — rings the called phone, which answers or
 * not as told, runs the app's TwiML (Say, Play, Pause, Hangup, Redirect,
 * Record, Dial with Numbers and their whispers), records, and posts every
 * callback form-encoded and signed with X-Twilio-Signature, as Twilio does.
 */

/** Where the launcher records the running stand-in's address (`{ "url": ... }`) for `npm run call:simulate`. */
export function twilioStandInInfoFile(dataDir: string): string {
  return path.join(dataDir, "twilio-stand-in.json");
}

/**
 * A 3-second voice-like MP3 (16 kHz mono, 12 KB) that every recording
 * serves; how it was made is in fixtures/README.md.
 */
const RECORDING_MP3 = readFileSync(new URL("./fixtures/call-recording.mp3", import.meta.url));

export interface TwilioStandInOptions {
  accounts: TwilioStandInAccount[];
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** How each called number behaves; unlisted numbers answer. Changeable later with setPhone(). */
  phones?: Record<string, PhoneBehaviour>;
  /** Short by default so tests are quick; the demo uses human-looking ones. */
  ringMs?: number;
  dialRingMs?: number;
  talkMs?: number;
  promptMs?: number;
  /** `absent`: every recording comes out silent, as when nobody spoke. */
  recording?: "completed" | "absent";
  /** Attempts per request to the app when it cannot be reached or answers 5xx. */
  webhookAttempts?: number;
  webhookRetryDelayMs?: number;
}

export type TwilioStandInRoute = "create-call" | "fetch-call" | "recording-media" | "delete-recording";

export interface TwilioStandInRequest {
  route: TwilioStandInRoute | null;
  method: string;
  path: string;
  /** The basic-auth user sent, if any. */
  username: string | null;
  /** The form parameters; a repeated one (StatusCallbackEvent) as an array. */
  params: Record<string, string | string[]>;
}

export interface TwilioStandIn {
  url: string;
  /** Every REST request received, in order (the control endpoint excluded). */
  requests: TwilioStandInRequest[];
  /** Every call, including each <Dial> leg, by CallSid. */
  calls: Map<string, TwilioStandInCall>;
  /** Every request made to the app (TwiML fetches, actions, status and recording callbacks), once its attempts are over. */
  events: TwilioCallbackEvent[];
  /** What each call heard from <Say> (its text) and <Play> (its URL). */
  played: CallEngineContext["played"];
  /** What Twilio's debugger would show: TwiML that could not be fetched (11200) or run (12100). */
  errors: CallEngineContext["errors"];
  /** Every recording made, deleted ones flagged. */
  recordings: CallEngineContext["recordings"];
  setPhone(number: string, behaviour: PhoneBehaviour): void;
  setRecording(mode: "completed" | "absent"): void;
  /** The next `times` requests on `route` get this Twilio error instead (after being recorded). */
  failNext(route: TwilioStandInRoute, answer: { status: number; code?: number; message?: string }, times?: number): void;
  /** Someone calls one of an account's numbers; with noAnswer, nobody picks up what the app <Dial>s. Returns the CallSid. */
  placeInboundCall(call: { from: string; to: string; noAnswer?: boolean }): string;
  /** Resolves once the call and everything after it (recording callback included) is over. */
  callEnded(callSid: string): Promise<TwilioStandInCall>;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{7,14}$/;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_RECORDED = 1000;
const ERROR_MESSAGES: Record<number, [number, string]> = {
  429: [20429, "Too Many Requests"],
  500: [20500, "Internal Server Error"],
  503: [20503, "Service Unavailable"],
};

export async function startTwilioStandIn(options: TwilioStandInOptions): Promise<TwilioStandIn> {
  const phones = new Map(Object.entries(options.phones ?? {}));
  let recordingMode = options.recording ?? "completed";
  const failures = new Map<TwilioStandInRoute, { status: number; code?: number; message?: string }[]>();
  const requests: TwilioStandInRequest[] = [];
  const stop = new AbortController();
  let baseUrl = "";

  // Ends early on close(); the listener goes with the timer so a long demo session does not pile them up.
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stop.signal.aborted) return resolve();
      const onStop = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        stop.signal.removeEventListener("abort", onStop);
        resolve();
      }, ms);
      stop.signal.addEventListener("abort", onStop, { once: true });
    });

  const context: CallEngineContext = {
    baseUrl: () => baseUrl,
    timings: {
      ringMs: options.ringMs ?? 300,
      dialRingMs: options.dialRingMs ?? options.ringMs ?? 300,
      talkMs: options.talkMs ?? 800,
      promptMs: options.promptMs ?? 50,
    },
    recordingMode: () => recordingMode,
    phone: (number) => phones.get(number) ?? "answer",
    policy: { attempts: options.webhookAttempts ?? 3, retryDelayMs: options.webhookRetryDelayMs ?? 200, pause, stopped: stop.signal },
    events: [],
    played: [],
    errors: [],
    calls: new Map(),
    recordings: [],
  };
  const engine = createCallEngine(context);

  function placeInboundCall(call: { from: string; to: string; noAnswer?: boolean }): string {
    if (!E164.test(call.from)) throw new Error(`${call.from} is not an E.164 number`);
    const account = options.accounts.find((candidate) => candidate.numbers.includes(call.to));
    if (!account) throw new Error(`${call.to} is not a number of any account on the stand-in`);
    return engine.startInbound(account, { from: call.from, to: call.to }, { dialsUnanswered: call.noAnswer ?? false }).sid;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://stand-in");
    const raw = await readBody(request);
    if (raw === null) return twilioError(response, 413, 20413, "Request Entity Too Large");
    // The server listens on loopback only, so only local tools (call:simulate) reach this.
    if (request.method === "POST" && url.pathname === "/_stand-in/inbound") return inbound(response, raw);

    const parts = url.pathname.split("/").filter(Boolean);
    const route = routeOf(request.method ?? "", parts);
    const credentials = basicAuth(request.headers.authorization);
    const params = parseForm(raw.toString("utf8"));
    requests.push({ route, method: request.method ?? "", path: url.pathname, username: credentials?.username ?? null, params });
    if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);

    const account = options.accounts.find((candidate) => candidate.accountSid === credentials?.username && candidate.authToken === credentials.password);
    if (!account) return twilioError(response, 401, 20003, "Authenticate");
    if (!route || parts[2] !== account.accountSid) return notFound(response, url.pathname);
    const failure = failures.get(route)?.shift();
    if (failure) {
      const [code, message] = ERROR_MESSAGES[failure.status] ?? [20500, "Internal Server Error"];
      return twilioError(response, failure.status, failure.code ?? code, failure.message ?? message);
    }

    const id = (parts[4] ?? "").replace(/\.(json|mp3|wav)$/, "");
    switch (route) {
      case "create-call":
        return createCall(response, account, params);
      case "fetch-call": {
        const call = context.calls.get(id);
        return call && call.accountSid === account.accountSid ? reply(response, 200, callResource(call, account)) : notFound(response, url.pathname);
      }
      case "recording-media":
      case "delete-recording": {
        const recording = context.recordings.find((item) => item.sid === id && item.accountSid === account.accountSid && !item.deleted);
        if (!recording) return notFound(response, url.pathname);
        if (route === "delete-recording") {
          recording.deleted = true;
          return void response.writeHead(204).end();
        }
        // Like Twilio: MP3 on request, WAV otherwise.
        const bytes = parts[4].endsWith(".mp3") ? RECORDING_MP3 : silentWav(recording.durationSeconds);
        return void response.writeHead(200, { "content-type": parts[4].endsWith(".mp3") ? "audio/mpeg" : "audio/x-wav", "content-length": bytes.length }).end(bytes);
      }
    }
  }

  function createCall(response: ServerResponse, account: TwilioStandInAccount, params: Record<string, string | string[]>): void {
    const one = (name: string) => (Array.isArray(params[name]) ? params[name][0] : params[name]) as string | undefined;
    const many = (name: string) => ([] as string[]).concat(params[name] ?? []).join(" ") || undefined;
    const to = one("To");
    const from = one("From");
    const url = one("Url");
    const twiml = one("Twiml");
    if (!to) return twilioError(response, 400, 21201, "No 'To' number is specified");
    if (!E164.test(to)) return twilioError(response, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!from) return twilioError(response, 400, 21213, "No 'From' number is specified");
    if (!E164.test(from)) return twilioError(response, 400, 21212, `Invalid From Number (caller ID): ${from}`);
    if (!account.numbers.includes(from)) {
      return twilioError(response, 400, 21210, `The source phone number provided, ${from}, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased from Twilio.`);
    }
    if (!twiml && (!url || !URL.canParse(url))) return twilioError(response, 400, 21205, `Url is not a valid URL: ${url ?? ""}`);
    const timeout = Number(one("Timeout") ?? "60");
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 600) return twilioError(response, 400, 21216, "Timeout must be between 1 and 600");
    const call = engine.startOutbound(account, { from, to }, statusCallbackOf(one("StatusCallback"), one("StatusCallbackMethod"), many("StatusCallbackEvent")), {
      url: url ?? null,
      method: one("Method")?.toUpperCase() === "GET" ? "GET" : "POST",
      twiml: twiml ?? null,
      timeoutSeconds: timeout,
      record: one("Record") === "true",
      recording: recordingCallbackOf(one("RecordingStatusCallback"), one("RecordingStatusCallbackMethod"), many("RecordingStatusCallbackEvent")),
      recordingDual: one("RecordingChannels") === "dual",
    });
    reply(response, 201, callResource(call, account));
  }

  function inbound(response: ServerResponse, raw: Buffer): void {
    const body = parseJson(raw) as { from?: unknown; to?: unknown; noAnswer?: unknown } | null;
    if (typeof body?.from !== "string" || typeof body.to !== "string") return reply(response, 400, { error: "expected JSON {from, to, noAnswer?}" });
    try {
      reply(response, 201, { callSid: placeInboundCall({ from: body.from, to: body.to, noAnswer: body.noAnswer === true }) });
    } catch (error) {
      reply(response, 404, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  function callResource(call: TwilioStandInCall, account: TwilioStandInAccount) {
    const uri = `/${API_VERSION}/Accounts/${call.accountSid}/Calls/${call.sid}`;
    // Twilio names the account's own number in phone_number_sid.
    const owned = [call.from, call.to].find((number) => account.numbers.includes(number));
    return {
      sid: call.sid,
      date_created: rfc2822(call.dateCreated),
      date_updated: rfc2822(call.dateUpdated),
      parent_call_sid: call.parentCallSid,
      account_sid: call.accountSid,
      to: call.to,
      to_formatted: call.to,
      from: call.from,
      from_formatted: call.from,
      phone_number_sid: owned ? `PN${createHash("sha1").update(owned).digest("hex").slice(0, 32)}` : null,
      status: call.status,
      start_time: call.startTime && rfc2822(call.startTime),
      end_time: call.endTime && rfc2822(call.endTime),
      duration: call.durationSeconds === null ? null : String(call.durationSeconds),
      price: null,
      price_unit: "USD",
      direction: call.direction,
      answered_by: null,
      api_version: API_VERSION,
      forwarded_from: null,
      group_sid: null,
      caller_name: null,
      queue_time: "0",
      trunk_sid: null,
      uri: `${uri}.json`,
      subresource_uris: {
        notifications: `${uri}/Notifications.json`,
        recordings: `${uri}/Recordings.json`,
        payments: `${uri}/Payments.json`,
        events: `${uri}/Events.json`,
        siprec: `${uri}/Siprec.json`,
        streams: `${uri}/Streams.json`,
        user_defined_message_subscriptions: `${uri}/UserDefinedMessageSubscriptions.json`,
        user_defined_messages: `${uri}/UserDefinedMessages.json`,
      },
    };
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) twilioError(response, 500, 20500, "Internal Server Error");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    requests,
    calls: context.calls,
    events: context.events,
    played: context.played,
    errors: context.errors,
    recordings: context.recordings,
    setPhone(number, behaviour) {
      phones.set(number, behaviour);
    },
    setRecording(mode) {
      recordingMode = mode;
    },
    failNext(route, answer, times = 1) {
      failures.set(route, [...(failures.get(route) ?? []), ...Array.from({ length: times }, () => answer)]);
    },
    placeInboundCall,
    callEnded: (callSid) => engine.ended(callSid),
    async close() {
      stop.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function routeOf(method: string, parts: string[]): TwilioStandInRoute | null {
  if (parts[0] !== API_VERSION || parts[1] !== "Accounts") return null;
  if (method === "POST" && parts.length === 4 && parts[3] === "Calls.json") return "create-call";
  if (method === "GET" && parts.length === 5 && parts[3] === "Calls" && /^CA[0-9a-f]{32}\.json$/.test(parts[4])) return "fetch-call";
  if (parts.length !== 5 || parts[3] !== "Recordings") return null;
  if (method === "GET" && /^RE[0-9a-f]{32}(\.mp3|\.wav)?$/.test(parts[4])) return "recording-media";
  if (method === "DELETE" && /^RE[0-9a-f]{32}\.json$/.test(parts[4])) return "delete-recording";
  return null;
}

function basicAuth(header: string | undefined): { username: string; password: string } | null {
  const encoded = /^Basic (.+)$/i.exec(header ?? "")?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function parseForm(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const existing = params[name];
    params[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  return params;
}

/** Silence of the recording's length: what Twilio serves without an extension (WAV), kept tiny at 8 kHz, 8-bit. */
function silentWav(durationSeconds: number): Buffer {
  const samples = 8000 * Math.max(1, Math.min(durationSeconds, 60));
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + samples, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write("data", 36);
  header.writeUInt32LE(samples, 40);
  // 8-bit PCM is unsigned: 128 is silence.
  return Buffer.concat([header, Buffer.alloc(samples, 128)]);
}

function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return null;
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Twilio's error body: `{code, message, more_info, status}`. */
function twilioError(response: ServerResponse, status: number, code: number, message: string): void {
  reply(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

function notFound(response: ServerResponse, resource: string): void {
  twilioError(response, 404, 20404, `The requested resource ${resource} was not found`);
}
