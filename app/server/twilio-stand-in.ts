import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { createCallEngine } from "./twilio-stand-in-calls";
import {
  E164,
  recordingCallbackOf,
  statusCallbackOf,
  type CallEngineContext,
  type PhoneBehaviour,
  type TwilioStandInAccount,
  type TwilioStandInCall,
} from "./twilio-stand-in-model";
import { basicAuth, callResource, injectedError, notFound, parseForm, parseJson, readBody, reply, routeOf, silentWav, twilioError, type TwilioStandInRoute } from "./twilio-stand-in-rest";
import { type TwilioCallbackEvent } from "./twilio-stand-in-webhooks";

export type { PhoneBehaviour, TwilioStandInAccount, TwilioStandInCall, TwilioStandInRecording } from "./twilio-stand-in-model";
export type { TwilioStandInRoute } from "./twilio-stand-in-rest";
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
 * serves; how it was made is in fixtures/README.md. Read on first use, so
 * importing this module (for twilioStandInInfoFile) touches no file.
 */
let recordingMp3: Buffer | null = null;
const recordingAudio = () => (recordingMp3 ??= readFileSync(new URL("./fixtures/call-recording.mp3", import.meta.url)));

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

const MAX_RECORDED = 1000;

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
    if (failure) return injectedError(response, failure);

    const id = (parts[4] ?? "").replace(/\.(json|mp3|wav)$/, "");
    switch (route) {
      case "create-call":
        return createCall(response, account, params);
      case "fetch-call": {
        const call = context.calls.get(id);
        return call && call.accountSid === account.accountSid ? reply(response, 200, callResource(call, account.numbers)) : notFound(response, url.pathname);
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
        const bytes = parts[4].endsWith(".mp3") ? recordingAudio() : silentWav(recording.durationSeconds);
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
    reply(response, 201, callResource(call, account.numbers));
  }

  function inbound(response: ServerResponse, raw: Buffer): void {
    const body = parseJson(raw) as { from?: unknown; to?: unknown; noAnswer?: unknown } | null;
    if (typeof body?.from !== "string" || typeof body.to !== "string") return reply(response, 400, { error: "expected JSON {from, to, noAnswer?}" });
    if (!E164.test(body.from)) return reply(response, 400, { error: `${body.from} is not an E.164 number` });
    try {
      reply(response, 201, { callSid: placeInboundCall({ from: body.from, to: body.to, noAnswer: body.noAnswer === true }) });
    } catch (error) {
      reply(response, 404, { error: error instanceof Error ? error.message : String(error) });
    }
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
