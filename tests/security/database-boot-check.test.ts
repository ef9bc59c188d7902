import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAppRole, UnsafeAppRoleError } from "@db/app-role-check";
import { migrateDatabase } from "@db/migrate";
import { useTestDatabase } from "../support/database";
import { freePort } from "../support/redis";

/**
 * Row-level security binds the app role only if it is no superuser, has no
 * BYPASSRLS and owns none of the tables: every process refuses to start
 * otherwise, with one line that says what to fix.
 */
describe("boot-time check of the app role", () => {
  const db = useTestDatabase();
  const suffix = randomBytes(4).toString("hex");
  const bypassRole = `loved_bypass_${suffix}`;
  const ownerMemberRole = `loved_owner_member_${suffix}`;
  const createRoleRole = `loved_createrole_${suffix}`;
  const publicCreatorRole = `loved_public_creator_${suffix}`;
  const password = `pw-${suffix}`;

  function urlAs(role: string) {
    const url = new URL(db.appUrl);
    url.username = role;
    url.password = password;
    return url.toString();
  }

  beforeAll(async () => {
    await db.adminQuery(`create role ${bypassRole} login bypassrls password '${password}'`);
    await db.adminQuery(`create role ${ownerMemberRole} login password '${password}' in role loved_owner`);
    await db.adminQuery(`create role ${createRoleRole} login createrole password '${password}'`);
    await db.adminQuery(`create role ${publicCreatorRole} login password '${password}'`);
    await db.adminQuery(`grant create on schema public to ${publicCreatorRole}`);
  });

  afterAll(async () => {
    await db.adminQuery(`drop role if exists ${bypassRole}`);
    await db.adminQuery(`drop role if exists ${ownerMemberRole}`);
    await db.adminQuery(`drop role if exists ${createRoleRole}`);
    await db.adminQuery(`drop owned by ${publicCreatorRole}`);
    await db.adminQuery(`drop role if exists ${publicCreatorRole}`);
  });

  it("accepts the app role, which owns nothing", async () => {
    await expect(checkAppRole(db.appUrl)).resolves.toBeUndefined();
  });

  it("refuses a superuser", async () => {
    await expect(checkAppRole(db.superuserUrl)).rejects.toThrow(UnsafeAppRoleError);
    await expect(checkAppRole(db.superuserUrl)).rejects.toThrow(/"postgres", a superuser, which bypasses row-level security: connect DATABASE_URL as a login role that owns nothing/);
  });

  it("refuses a role with BYPASSRLS", async () => {
    await expect(checkAppRole(urlAs(bypassRole))).rejects.toThrow(new RegExp(`"${bypassRole}", which has BYPASSRLS`));
  });

  it("refuses a role that can create roles (and so grant itself the owner's)", async () => {
    await expect(checkAppRole(urlAs(createRoleRole))).rejects.toThrow(new RegExp(`"${createRoleRole}", which has CREATEROLE`));
  });

  it("refuses a role that may create objects in schema public, where the owner's queries would find them", async () => {
    await expect(checkAppRole(urlAs(publicCreatorRole))).rejects.toThrow(new RegExp(`"${publicCreatorRole}", which may create objects in schema public`));
  });

  it("refuses the schema owner, and any role that belongs to it", async () => {
    await expect(checkAppRole(db.ownerUrl)).rejects.toThrow(/"loved_owner", which owns tables \(ai_summaries, ai_usage, audit_logs and \d+ more\)/);
    await expect(checkAppRole(urlAs(ownerMemberRole))).rejects.toThrow(new RegExp(`"${ownerMemberRole}", which owns tables`));
  });

  it("makes the migrate step refuse an app role that is the owner", async () => {
    await expect(migrateDatabase({ ownerUrl: db.ownerUrl, appUrl: db.ownerUrl })).rejects.toThrow(
      /DATABASE_URL and DATABASE_OWNER_URL both connect as "loved_owner"/,
    );
  });

  /** Runs a process entry point with DATABASE_URL pointing elsewhere; resolves with its exit code and output. */
  async function runEntry(entry: string, databaseUrl: string) {
    const root = process.cwd();
    const child = spawn(path.join(root, "node_modules/.bin/node"), ["--import", "tsx", entry], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(await freePort()), LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      }),
    );
  }

  it.each([
    ["web", "app/server/web.ts"],
    ["worker", "worker/index.ts"],
  ])("the %s process exits with one fatal log line, no stack trace, when DATABASE_URL is the owner", async (name, entry) => {
    const { code, stdout, stderr } = await runEntry(entry, db.ownerUrl);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    const lines = stdout.trim().split("\n");
    expect(lines, stdout).toHaveLength(1);
    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "fatal", component: name });
    expect(line.msg).toMatch(/^refusing to start: DATABASE_URL connects as "loved_owner", which owns tables/);
    expect(line.err).toBeUndefined();
  }, 90_000);
});
