import { execFile } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TWILIO_CONNECTIONS } from "@db/seeds/demo-twilio";
import { startDemoTwilioStandIn, type DemoTwilioStandIn } from "~/server/demo-twilio-stand-in";
import { twilioStandInInfoFile } from "~/server/twilio-stand-in";
import { startFakeApp } from "./stand-in-fake-app";

const aurora = DEMO_TWILIO_CONNECTIONS.aurora;

/** `npm run call:simulate` against the demo stand-in, whose calls reach a loopback receiver standing in for the app. */
describe("call:simulate and the demo Twilio stand-in", () => {
  let dataDir: string;
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let demo: DemoTwilioStandIn;

  function simulate(args: string[], env: Record<string, string> = {}) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "app/server/call-simulate.ts", ...args],
        { env: { ...process.env, DATA_DIR: dataDir, ...env }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "call-simulate-"));
    app = await startFakeApp(aurora.authToken);
    demo = await startDemoTwilioStandIn({ dataDir, appUrl: app.url });
  });
  afterAll(async () => {
    await demo.stop();
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("writes the stand-in's address privately for the command", () => {
    const infoFile = twilioStandInInfoFile(dataDir);
    expect(JSON.parse(readFileSync(infoFile, "utf8"))).toEqual({ url: demo.url });
    expect(statSync(infoFile).mode & 0o777).toBe(0o600);
  });

  it("places an inbound call from a formatted number to the organization's number, signed with its token", async () => {
    app.answer(`/webhooks/twilio/${aurora.connectionKey}/voice`, { twiml: "<Response><Hangup/></Response>" });
    const voice = app.next(`/webhooks/twilio/${aurora.connectionKey}/voice`);
    const status = app.next(`/webhooks/twilio/${aurora.connectionKey}/status`);
    const run = await simulate(["--to", "aurora", "--from", "+55 11 98765-4321"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const callSid = /as (CA[0-9a-f]{32})/.exec(run.stdout)?.[1];
    expect(callSid).toBeDefined();
    expect(await voice).toMatchObject({
      signed: true,
      params: { CallSid: callSid, AccountSid: aurora.accountSid, From: "+5511987654321", To: aurora.numbers[0], Direction: "inbound", CallStatus: "ringing" },
    });
    expect(await status).toMatchObject({ signed: true, params: { CallSid: callSid, CallStatus: "completed" } });
  });

  it("says in one line what is wrong", async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["--to", "nowhere", "--from", "+5511987654321"], {}, /unknown organization "nowhere"/],
      [["--to", "aurora", "--from", "abc"], {}, /not a phone number/],
      [["--to", "aurora"], {}, /usage:/],
      [["--to", "aurora", "--from", "+5511987654321"], { DATA_DIR: path.join(dataDir, "empty") }, /twilio-stand-in\.json not found: start the app with npm start/],
    ];
    const stale = path.join(dataDir, "stale");
    await mkdir(stale);
    await writeFile(twilioStandInInfoFile(stale), JSON.stringify({ url: "http://127.0.0.1:9" }));
    cases.push([["--to", "aurora", "--from", "+5511987654321"], { DATA_DIR: stale }, /not answering: is npm start still running\?/]);
    for (const [args, env, expected] of cases) {
      const run = await simulate(args, env);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(expected);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("removes its address on stop", async () => {
    const other = await mkdtemp(path.join(tmpdir(), "call-simulate-"));
    const second = await startDemoTwilioStandIn({ dataDir: other, appUrl: app.url });
    expect(existsSync(twilioStandInInfoFile(other))).toBe(true);
    await second.stop();
    expect(existsSync(twilioStandInInfoFile(other))).toBe(false);
    await rm(other, { recursive: true, force: true });
  });
});
