/**
 * `npm start`: the whole product on one machine. Fills in embedded defaults
 * (PostgreSQL and S3 storage under .data/, generated secrets, loopback only), migrates, seeds
 * the demo organizations into an empty embedded database, runs the loopback
 * WhatsApp Graph stand-in for the demo connections unless WHATSAPP_GRAPH_URL
 * is set (and the Twilio one unless TWILIO_API_URL is), then runs the web role (WEB_PROCESSES processes on one port) and the
 * worker as supervised child processes and prints where to log in.
 * Ctrl-C stops all of it.
 */
import net from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { LocalPostgresError } from "@db/embedded-postgres";
import { UnsafeAppRoleError } from "@db/app-role-check";
import { migrateDatabase } from "@db/migrate";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from "@db/seeds/seed-demo";
import { closeOrm } from "~/utils/db.server";
import { getEnv, getOwnerDatabaseUrl } from "~/utils/env.server";
import { startDemoGraphStandIn, type DemoGraphStandIn } from "./demo-graph-stand-in";
import { startDemoTwilioStandIn, type DemoTwilioStandIn } from "./demo-twilio-stand-in";
import { applyLocalDefaults, type LocalDefaults } from "./local-defaults";
import { superviseRoles, type RoleSpec, type Supervisor } from "./supervisor";

const dev = process.argv.includes("--dev");
// The roles inherit it: only `npm run dev` shows error details in responses.
process.env.NODE_ENV = dev ? "development" : "production";
// The launcher talks to the person at the terminal (progress, the URL, the demo
// logins) in plain lines; the roles it supervises write JSON logs (LOG_LEVEL).
const say = (text: string, stream: NodeJS.WriteStream = process.stdout) => stream.write(`${text}\n`);
const log = (line: string) => say(`[loved] ${line}`);

let defaults: LocalDefaults | null = null;
let supervisor: Supervisor | null = null;
let standIn: DemoGraphStandIn | null = null;
let twilioStandIn: DemoTwilioStandIn | null = null;
let stopping = false;

async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  await supervisor?.stop();
  await standIn?.stop();
  await twilioStandIn?.stop();
  await defaults?.embeddedStorage?.stop();
  await defaults?.embeddedDatabase?.stop();
  log("stopped");
  process.exit(exitCode);
}

/** A start-up failure the person can act on: one line, no stack trace. */
async function fail(error: unknown) {
  const message =
    error instanceof UnsafeAppRoleError
      ? `refusing to start: ${error.message}`
      : error instanceof LocalPostgresError || (error instanceof Error && error.message.startsWith("Invalid environment"))
        ? error.message
        : `could not start: ${error instanceof Error ? error.message : String(error)}`;
  say(`[loved] ${message}`, process.stderr);
  await standIn?.stop().catch(() => {});
  await twilioStandIn?.stop().catch(() => {});
  await defaults?.embeddedStorage?.stop().catch(() => {});
  await defaults?.embeddedDatabase?.stop().catch(() => {});
  process.exit(1);
}

/**
 * Web processes share their port (SO_REUSEPORT), and Linux lets any process
 * of the same user that does so join them: another checkout's `npm start` on
 * the same PORT would silently answer half the requests. So the port must be
 * free before they start; a plain bind tells.
 */
async function refuseTakenPort(port: number, host: string | undefined) {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`port ${port} is already in use (another Loved CRM?); stop it or set PORT`) : error),
    );
    probe.listen({ port, host }, () => probe.close(() => resolve()));
  });
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

let seeded = false;
try {
  defaults = await applyLocalDefaults(log);
  const env = getEnv();
  await refuseTakenPort(env.PORT, env.HOST);
  await migrateDatabase({ ownerUrl: getOwnerDatabaseUrl(env), appUrl: env.DATABASE_URL, log });
  if (defaults.embeddedDatabase && (await isDatabaseEmpty())) {
    log("empty database: seeding the demo organizations (Agência Aurora and Boreal)");
    await seedDemo();
    seeded = true;
  }
  await closeOrm();
} catch (error) {
  await fail(error);
}

const env = getEnv();
if (!process.env.WHATSAPP_GRAPH_URL) {
  try {
    // Its status webhooks go where the app answers: APP_URL when set (it may name a proxy in front), else the web port itself.
    const appUrl = (env.APP_URL ?? `http://${probeHost()}:${env.PORT}`).replace(/\/+$/, "");
    standIn = await startDemoGraphStandIn({ dataDir: env.DATA_DIR, appUrl });
    // The roles inherit it: demo connections talk to the stand-in, real ones to Meta.
    process.env.WHATSAPP_STAND_IN_URL = standIn.url;
    log(`WHATSAPP_GRAPH_URL not set: the demo WhatsApp connections talk to the Graph stand-in at ${standIn.url}`);
  } catch (error) {
    await fail(error);
  }
}
const url = env.APP_URL ?? `http://localhost:${env.PORT}`;
process.env.APP_URL = url;
if (!process.env.TWILIO_API_URL) {
  try {
    // Twilio signs the URL it calls and the app checks that signature against APP_URL: the stand-in must call exactly that.
    twilioStandIn = await startDemoTwilioStandIn({ dataDir: env.DATA_DIR, appUrl: url.replace(/\/+$/, "") });
    // The roles inherit it: demo connections call through the stand-in, real ones through Twilio.
    process.env.TWILIO_STAND_IN_URL = twilioStandIn.url;
    log(`TWILIO_API_URL not set: the demo Twilio connections talk to the Twilio stand-in at ${twilioStandIn.url}`);
  } catch (error) {
    await fail(error);
  }
}

const watch = dev ? ["--watch"] : [];
// One Node thread per web process: several, on one port, use more than one core (ADR 015).
const webProcesses: RoleSpec[] = Array.from({ length: env.WEB_PROCESSES }, (_, index) => ({
  name: `web ${index + 1}`,
  args: ["--import", "tsx", ...watch, "app/server/web.ts"],
  // The web role never needs the schema owner's credentials: what it does not hold, a compromise there cannot leak.
  env: { ...process.env, DATABASE_OWNER_URL: undefined, WEB_PROCESSES: String(env.WEB_PROCESSES) },
}));
const roles: RoleSpec[] = [...webProcesses, { name: "worker", args: ["--import", "tsx", ...watch, "worker/index.ts"] }];
if (dev) roles.push({ name: "remix watch", args: ["node_modules/@remix-run/dev/dist/cli.js", "watch"] });
supervisor = superviseRoles(roles, {
  log,
  onGiveUp: (role, crashes, windowMs) => {
    log(`${role} crashed ${crashes} times in ${windowMs / 60_000} minutes; stopping everything (its error is above)`);
    void stop(1);
  },
});

/** The address to probe: the one web listens on, or loopback when it listens on every interface. */
function probeHost() {
  if (!env.HOST || env.HOST === "0.0.0.0" || env.HOST === "::") return "127.0.0.1";
  return env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
}

async function waitUntilHealthy() {
  for (let attempt = 0; attempt < 300 && !stopping; attempt++) {
    try {
      const response = await fetch(`http://${probeHost()}:${env.PORT}/healthz`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await delay(200);
  }
  return false;
}

if (await waitUntilHealthy()) {
  const loopbackOnly = env.HOST === "127.0.0.1" || env.HOST === "::1" || env.HOST === "localhost";
  const lines = [
    "",
    `  Loved CRM is running at ${url}`,
    loopbackOnly
      ? `  Listening on ${env.HOST} only${defaults?.embeddedDatabase ? " (the demo password below is public)" : ""}; set HOST=0.0.0.0 to open it to your network.`
      : `  Listening on ${env.HOST ?? "all interfaces"}.`,
    "",
    ...(defaults?.embeddedDatabase
      ? [
          `  Demo logins (password: ${DEMO_PASSWORD})${seeded ? "" : " — from the first run's seed"}:`,
          ...DEMO_ACCOUNTS.map((account) => `    ${account.email.padEnd(22)} ${account.role.padEnd(8)} /o/${account.organization}`),
          "",
          "  Data: .data/ (delete it to start over). Invitation e-mails: .data/outbox/",
          "",
          "  WhatsApp, offline: play a customer writing to Aurora's demo number with",
          '    npm run whatsapp:simulate -- --to aurora --from "+55 11 98765-4321" --text "Oi, quero um orçamento"',
          ...(standIn ? ["    (add --image photo.jpg to send a picture)"] : []),
          ...(twilioStandIn
            ? ["", "  Calls, offline: play a lead calling Aurora's demo number with", '    npm run call:simulate -- --to aurora --from "+55 11 98765-4321"   (add --no-answer for voicemail)']
            : []),
          "",
          env.OPENAI_API_KEY
            ? `  AI summaries: OpenAI (${env.OPENAI_MODEL} at ${env.OPENAI_BASE_URL}), on for the demo organizations.`
            : "  AI summaries: the local analyzer (no OPENAI_API_KEY), on for the demo organizations; `npm run openai:fake` plays OpenAI offline.",
        ]
      : []),
    "  Press Ctrl-C to stop.",
    "",
  ];
  say(lines.join("\n"));
} else if (!stopping) {
  log("the web role did not become healthy in 60 s");
  await stop(1);
}
