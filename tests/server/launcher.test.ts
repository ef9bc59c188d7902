import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_WHATSAPP_CONNECTIONS } from "@db/seeds/demo-whatsapp";
import { createInvite } from "~/modules/invites/create-invite.server";
import { graphStandInInfoFile } from "~/server/graph-stand-in";
import { useTestDatabase } from "../support/database";
import { freePort } from "../support/redis";

/**
 * `npm start` as a small agency runs it: the launcher supervises two web
 * processes on one port and the worker. Killing one (kill -9) restarts it
 * while the others keep serving. Without WHATSAPP_GRAPH_URL it also runs the
 * Graph stand-in for the demo connections, until it is stopped.
 */
describe("npm start supervision", () => {
  const db = useTestDatabase();
  let launcher: ChildProcess;
  let output = "";
  let port = 0;

  const pidsOf = (role: string) => [...output.matchAll(new RegExp(`\\[loved\\] ${role} started \\(pid (\\d+)\\)`, "g"))].map((match) => Number(match[1]));

  async function waitFor(check: () => boolean | Promise<boolean>, what: string, ceilingMs = 60_000) {
    const deadline = Date.now() + ceilingMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; launcher said:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The roles' JSON log lines so far (the launcher's own lines are plain text). */
  const logLines = () =>
    output.split("\n").flatMap((line) => {
      try {
        return line.startsWith("{") ? [JSON.parse(line) as { pid: number; msg: string; path?: string }] : [];
      } catch {
        return [];
      }
    });
  const healthzServedBy = () => new Set(logLines().filter((line) => line.msg === "request" && line.path === "/healthz").map((line) => line.pid));

  // A new connection each time: the kernel hands each connection to one of the processes, and a kept-alive one stays there.
  const healthz = () =>
    new Promise<number>((resolve) => {
      http
        .get({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (response) => {
          response.resume();
          response.once("end", () => resolve(response.statusCode ?? 0));
        })
        .once("error", () => resolve(0));
    });

  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    port = await freePort();
    launcher = spawn(process.execPath, ["--import", "tsx", "app/server/start.ts"], {
      env: { ...process.env, DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.ownerUrl, DATA_DIR: db.dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", WEB_PROCESSES: "2", WHATSAPP_GRAPH_URL: undefined },
      stdio: ["ignore", "pipe", "pipe"],
    });
    launcher.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes("Loved CRM is running at"), "the banner", 90_000);
  });

  afterAll(async () => {
    if (launcher.exitCode === null) {
      launcher.kill("SIGTERM");
      await new Promise((resolve) => launcher.once("exit", resolve));
    }
  });

  it("runs two web processes on one port, and both answer", async () => {
    const webs = [...pidsOf("web 1"), ...pidsOf("web 2")];
    expect(webs).toHaveLength(2);
    expect(new Set(webs).size).toBe(2);
    const statuses = new Set<number>();
    await waitFor(async () => {
      statuses.add(await healthz());
      return webs.every((pid) => healthzServedBy().has(pid));
    }, "both web processes to answer /healthz", 20_000);
    expect([...statuses]).toEqual([200]);
  });

  it("restarts a killed worker while web keeps answering, and the new worker runs jobs", async () => {
    const [worker] = pidsOf("worker");
    const webs = [...pidsOf("web 1"), ...pidsOf("web 2")];
    process.kill(worker, "SIGKILL");

    const statuses: number[] = [];
    await waitFor(() => pidsOf("worker").length === 2, "a second worker");
    statuses.push(await healthz());
    await waitFor(() => /"component":"worker".*"msg":"running"/.test(output.slice(output.lastIndexOf("worker started"))), "the new worker to connect");
    statuses.push(await healthz());

    expect(statuses).toEqual([200, 200]);
    expect(webs.every(isAlive)).toBe(true);
    expect([...pidsOf("web 1"), ...pidsOf("web 2")]).toEqual(webs);
    expect(output).toMatch(/worker exited \(SIGKILL\); restarting in 1 s/);

    // The restarted worker picks up a job: the invitation e-mail lands in the outbox.
    const [aurora] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'aurora'");
    const [owner] = await db.adminQuery<{ id: string }>("select id from users where email = 'owner@aurora.test'");
    await createInvite(
      { organizationId: aurora.id, userId: owner.id, role: "owner", meta: { ipAddress: "203.0.113.9", userAgent: "launcher-test" } },
      { email: "after-restart@agencia.test", role: "member" },
    );
    const outbox = path.join(db.dataDir, "outbox");
    const sent = async () => (await readdir(outbox).catch(() => [] as string[])).filter((file) => file.endsWith(".eml"));
    await waitFor(async () => (await sent()).length > 0, "the restarted worker to send the invitation");
  });

  it("runs the Graph stand-in with the demo accounts and leaves its address, private, for whatsapp:simulate", async () => {
    const infoFile = graphStandInInfoFile(db.dataDir);
    expect((await stat(infoFile)).mode & 0o777).toBe(0o600);
    const { url } = JSON.parse(await readFile(infoFile, "utf8")) as { url: string };
    expect(output).toContain(`Graph stand-in at ${url}`);
    const aurora = DEMO_WHATSAPP_CONNECTIONS.aurora;
    const answer = await fetch(`${url}/v21.0/${aurora.wabaId}/message_templates`, { headers: { authorization: `Bearer ${aurora.accessToken}` } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: { name: string }[] }).data.map((template) => template.name)).toContain("boas_vindas");
  });

  it("restarts a killed web process while the other answers every request and the worker keeps running", async () => {
    const worker = pidsOf("worker").at(-1)!;
    const [killed] = pidsOf("web 1");
    const [sibling] = pidsOf("web 2");
    process.kill(killed, "SIGKILL");
    // Reaped, so its socket is closed: from here on every connection must reach the sibling.
    await waitFor(() => output.includes("web 1 exited (SIGKILL)"), "the launcher to see web 1 exit");

    const statuses: number[] = [];
    const restarted = () => pidsOf("web 1")[1];
    const listening = () => logLines().some((line) => line.pid === restarted() && line.msg === "listening");
    await waitFor(async () => {
      statuses.push(await healthz());
      return restarted() !== undefined && listening();
    }, "web 1 to restart and listen");
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));

    await waitFor(async () => (await healthz()) === 200 && healthzServedBy().has(restarted()), "the restarted web 1 to answer /healthz");
    expect(isAlive(sibling)).toBe(true);
    expect(pidsOf("web 2")).toEqual([sibling]);
    expect(isAlive(worker)).toBe(true);
    expect(pidsOf("worker").at(-1)).toBe(worker);
    expect(launcher.exitCode).toBeNull();
  });

  it("stops everything on SIGTERM, the stand-in and its address file too", async () => {
    const { url } = JSON.parse(await readFile(graphStandInInfoFile(db.dataDir), "utf8")) as { url: string };
    launcher.kill("SIGTERM");
    await new Promise((resolve) => launcher.once("exit", resolve));
    expect(output).toContain("[loved] stopped");
    expect(existsSync(graphStandInInfoFile(db.dataDir))).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });
});
