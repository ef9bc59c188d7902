/**
 * `npm run call:simulate -- --to aurora --from "+55 11 98765-4321" [--no-answer]`
 *
 * Plays a lead phoning a demo organization's number: asks the running Twilio
 * stand-in (whose address `npm start` writes to DATA_DIR/twilio-stand-in.json)
 * to place the inbound call, which it then carries through the app's voice and
 * status webhooks like Twilio. `--no-answer`: nobody picks up what the app
 * dials, so the caller ends on its voicemail.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_TWILIO_CONNECTIONS } from "@db/seeds/demo-twilio";
import { twilioStandInInfoFile } from "./twilio-stand-in";

function usage(): never {
  throw new Error(`usage: npm run call:simulate -- --to <${Object.keys(DEMO_TWILIO_CONNECTIONS).join("|")}> --from "+55 11 98765-4321" [--no-answer]`);
}

function readOptions() {
  const { values } = parseArgs({ options: { to: { type: "string" }, from: { type: "string" }, "no-answer": { type: "boolean" } }, strict: true });
  if (!values.to || !values.from) usage();
  if (!Object.hasOwn(DEMO_TWILIO_CONNECTIONS, values.to)) {
    throw new Error(`unknown organization "${values.to}"; the demo has ${Object.keys(DEMO_TWILIO_CONNECTIONS).join(", ")}`);
  }
  // Twilio names callers in E.164: "+" and the international number in digits.
  const from = `+${values.from.replace(/[\s().+-]/g, "")}`;
  if (!/^\+[1-9]\d{7,14}$/.test(from)) throw new Error(`--from "${values.from}" is not a phone number with country code, e.g. "+55 11 98765-4321"`);
  const connection = DEMO_TWILIO_CONNECTIONS[values.to as keyof typeof DEMO_TWILIO_CONNECTIONS];
  return { slug: values.to, from, to: connection.numbers[0], noAnswer: values["no-answer"] ?? false };
}

async function main() {
  const options = readOptions();
  const infoFile = twilioStandInInfoFile(path.resolve(process.env.DATA_DIR || ".data"));
  const info = await readFile(infoFile, "utf8").catch(() => {
    throw new Error(`${infoFile} not found: start the app with npm start (it runs the Twilio stand-in that places the call)`);
  });
  const standInUrl = (JSON.parse(info) as { url?: string }).url;
  if (!standInUrl) throw new Error(`${infoFile} has no url`);
  const answer = await fetch(`${standInUrl}/_stand-in/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: options.from, to: options.to, noAnswer: options.noAnswer }),
  }).catch(() => {
    throw new Error(`the Twilio stand-in at ${standInUrl} is not answering: is npm start still running?`);
  });
  const body = (await answer.json().catch(() => ({}))) as { callSid?: string; error?: string };
  if (!answer.ok || !body.callSid) throw new Error(`the Twilio stand-in refused the call (HTTP ${answer.status}${body.error ? `: ${body.error}` : ""})`);
  const outcome = options.noAnswer ? "nobody will pick up, so it ends on voicemail" : "the app's TwiML decides who picks up";
  process.stdout.write(`Calling ${options.slug} (${options.to}) from ${options.from} as ${body.callSid}: ${outcome}.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`call:simulate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
