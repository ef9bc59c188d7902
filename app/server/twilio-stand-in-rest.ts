import { createHash } from "node:crypto";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { API_VERSION, rfc2822, type TwilioStandInCall } from "./twilio-stand-in-model";

/** The Twilio stand-in's REST wire format: routes, basic auth, form bodies, resources and error bodies. */

export type TwilioStandInRoute = "create-call" | "fetch-call" | "recording-media" | "delete-recording";

const MAX_BODY_BYTES = 64 * 1024;
const INJECTED: Record<number, [number, string]> = {
  429: [20429, "Too Many Requests"],
  500: [20500, "Internal Server Error"],
  503: [20503, "Service Unavailable"],
};

/** A call as the REST API shows it. */
export function callResource(call: TwilioStandInCall, ownedNumbers: string[]) {
  const uri = `/${API_VERSION}/Accounts/${call.accountSid}/Calls/${call.sid}`;
  // Twilio names the account's own number in phone_number_sid.
  const owned = [call.from, call.to].find((number) => ownedNumbers.includes(number));
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

export function routeOf(method: string, parts: string[]): TwilioStandInRoute | null {
  if (parts[0] !== API_VERSION || parts[1] !== "Accounts") return null;
  if (method === "POST" && parts.length === 4 && parts[3] === "Calls.json") return "create-call";
  if (method === "GET" && parts.length === 5 && parts[3] === "Calls" && /^CA[0-9a-f]{32}\.json$/.test(parts[4])) return "fetch-call";
  if (parts.length !== 5 || parts[3] !== "Recordings") return null;
  if (method === "GET" && /^RE[0-9a-f]{32}(\.mp3|\.wav)?$/.test(parts[4])) return "recording-media";
  if (method === "DELETE" && /^RE[0-9a-f]{32}\.json$/.test(parts[4])) return "delete-recording";
  return null;
}

export function basicAuth(header: string | undefined): { username: string; password: string } | null {
  const encoded = /^Basic (.+)$/i.exec(header ?? "")?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function parseForm(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const existing = params[name];
    params[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  return params;
}

/** Silence of the recording's length: what Twilio serves without an extension (WAV), kept tiny at 8 kHz, 8-bit. */
export function silentWav(durationSeconds: number): Buffer {
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

export function readBody(request: IncomingMessage): Promise<Buffer | null> {
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

export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return null;
  }
}

export function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Twilio's error body: `{code, message, more_info, status}`. */
export function twilioError(response: ServerResponse, status: number, code: number, message: string): void {
  reply(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export function notFound(response: ServerResponse, resource: string): void {
  twilioError(response, 404, 20404, `The requested resource ${resource} was not found`);
}

/** A failure a test asked for, in the code and words Twilio uses for that status unless given. */
export function injectedError(response: ServerResponse, failure: { status: number; code?: number; message?: string }): void {
  const [code, message] = INJECTED[failure.status] ?? [20500, "Internal Server Error"];
  twilioError(response, failure.status, failure.code ?? code, failure.message ?? message);
}
