import { spawn, type ChildProcess } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "~/modules/invites/create-invite.server";
import { useTestDatabase } from "../support/database";
import { freePort } from "../support/redis";

/**
 * `npm start` as a small agency runs it: the launcher supervises web and
 * worker. Killing one (kill -9) restarts it while the other keeps serving.
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

  const healthz = () =>
    fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.status,
      () => 0,
    );

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
      env: { ...process.env, DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.ownerUrl, DATA_DIR: db.dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" },
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

  it("restarts a killed worker while web keeps answering, and the new worker runs jobs", async () => {
    const [worker] = pidsOf("worker");
    const [web] = pidsOf("web");
    process.kill(worker, "SIGKILL");

    const statuses: number[] = [];
    await waitFor(() => pidsOf("worker").length === 2, "a second worker");
    statuses.push(await healthz());
    await waitFor(() => /"component":"worker".*"msg":"running"/.test(output.slice(output.lastIndexOf("worker started"))), "the new worker to connect");
    statuses.push(await healthz());

    expect(statuses).toEqual([200, 200]);
    expect(isAlive(web)).toBe(true);
    expect(pidsOf("web")).toEqual([web]);
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

  it("restarts a killed web role while the worker keeps running", async () => {
    const worker = pidsOf("worker").at(-1)!;
    const [web] = pidsOf("web");
    process.kill(web, "SIGKILL");
    await waitFor(() => pidsOf("web").length === 2, "a second web process");
    await waitFor(async () => (await healthz()) === 200, "the new web process to answer");
    expect(isAlive(worker)).toBe(true);
    expect(pidsOf("worker").at(-1)).toBe(worker);
    expect(launcher.exitCode).toBeNull();
  });
});
