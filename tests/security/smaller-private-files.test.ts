import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import type { Env } from "~/utils/env.server";
import { loadLocalSecrets } from "~/server/local-defaults";
import { sendMail } from "../../worker/mailer";

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe("the data directory and the mail outbox are private", () => {
  const root = mkdtempSync(path.join(tmpdir(), "loved-private-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const mail = { to: "convidada@example.com", subject: "Convite", text: "https://example.test/invites/token", html: "<p>convite</p>" };
  const envFor = (dataDir: string) => ({ DATA_DIR: dataDir, MAIL_FROM: "Loved CRM <no-reply@example.com>", SMTP_URL: undefined }) as unknown as Env;

  it("creates the data directory 0700 with secrets.json and outbox files 0600", async () => {
    const dataDir = path.join(root, "fresh", ".data");
    loadLocalSecrets(dataDir);
    const sent = await sendMail(envFor(dataDir), mail);
    expect(sent.delivered).toBe("outbox");
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, "secrets.json"))).toBe(0o600);
    expect(modeOf(path.join(dataDir, "outbox"))).toBe(0o700);
    expect(modeOf((sent as { file: string }).file)).toBe(0o600);
  });

  it("tightens a data directory, outbox and secrets file that already existed with wider modes", async () => {
    const dataDir = path.join(root, "existing");
    mkdirSync(path.join(dataDir, "outbox"), { recursive: true });
    chmodSync(dataDir, 0o755);
    chmodSync(path.join(dataDir, "outbox"), 0o755);
    writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify({ sessionSecret: "s" }));
    chmodSync(path.join(dataDir, "secrets.json"), 0o644);

    expect(loadLocalSecrets(dataDir)).toEqual({ sessionSecret: "s" });
    const sent = await sendMail(envFor(dataDir), mail);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, "secrets.json"))).toBe(0o600);
    expect(modeOf(path.join(dataDir, "outbox"))).toBe(0o700);
    expect(modeOf((sent as { file: string }).file)).toBe(0o600);
  });
});
