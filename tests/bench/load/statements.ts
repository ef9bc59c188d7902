/**
 * How many SQL statements each request of the load benchmark costs (every
 * statement is a round trip to PostgreSQL and a process wake-up on both
 * sides, which on two shared cores is most of a small request's price):
 *   node_modules/.bin/tsx tests/bench/load/statements.ts      (after `npm run build`; SHOW=1 lists them)
 * A web process with LOG_QUERIES=true on a throwaway database, three reps.
 */
import { spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { freePort } from "../../support/redis";
import { startBenchDatabase } from "../bench-setup";
import { seedLoadOrganization, SLUG } from "./seed";

const database = await startBenchDatabase("statements");
let child: ReturnType<typeof spawn> | null = null;
try {
  const org = await seedLoadOrganization({ adminUrl: database.adminUrl, sessionSecret: database.appEnv.SESSION_SECRET, passwordHash: "-", reps: 3, leadsPerRep: 3 });
  const port = await freePort();
  child = spawn(process.execPath, ["--import", "tsx", "app/server/web.ts"], {
    env: { ...process.env, ...(database.appEnv as Record<string, string>), PORT: String(port), HOST: "127.0.0.1", LOG_QUERIES: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) await delay(100);

  const [lead] = org.reps[1].leads;
  const headers = { cookie: org.reps[1].cookie, origin: url };
  const form = { ...headers, "content-type": "application/x-www-form-urlencoded" };
  const toStageId = org.stageIds.find((id) => id !== lead.stageId)!;
  const requests: [string, () => Promise<Response>][] = [
    ["board document", () => fetch(`${url}/o/${SLUG}/board`, { headers })],
    ["lead page (document)", () => fetch(`${url}/o/${SLUG}/leads/${lead.id}`, { headers })],
    ["filter (board.data?priority=high)", () => fetch(`${url}/o/${SLUG}/board.data?priority=high`, { headers })],
    ["card refresh (board/cards)", () => fetch(`${url}/o/${SLUG}/board/cards?ids=${lead.id}`, { headers })],
    ["drag lock (presence)", () => fetch(`${url}/o/${SLUG}/presence`, { method: "POST", headers: form, body: new URLSearchParams({ intent: "drag-start", leadId: lead.id }) })],
    [
      "move",
      () =>
        fetch(`${url}/o/${SLUG}/board.data`, {
          method: "POST",
          headers: form,
          body: new URLSearchParams({ intent: "move", leadId: lead.id, toStageId, afterLeadId: "", version: String(lead.version) }),
        }),
    ],
    ["layouts revalidated after a move", () => fetch(`${url}/o/${SLUG}/board.data?_routes=root,routes%2Fo.%24slug`, { headers })],
  ];
  console.log("| request | status | statements |\n| --- | ---: | ---: |");
  for (const [name, send] of requests) {
    await delay(300);
    const from = output.length;
    const response = await send();
    await response.arrayBuffer();
    // The query log is written after the answer may have left.
    await delay(300);
    const statements = output.slice(from).split("\n").filter((line) => line.includes("[query]"));
    console.log(`| ${name} | ${response.status} | ${statements.length} |`);
    if (process.env.SHOW) for (const line of statements) console.log(`    ${line.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "").slice(0, 160)}`);
  }
} finally {
  child?.kill("SIGTERM");
  await delay(1_000);
  await database.stop();
}
