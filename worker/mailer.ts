import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Env } from "~/utils/env.server";
import { ensurePrivateDir, PRIVATE_FILE } from "~/utils/private-files.server";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * SMTP when SMTP_URL is set; otherwise each message is written as an .eml file
 * under DATA_DIR/outbox (and its path logged) so local runs and tests can open it.
 * Only this user can read them: they carry invitation links.
 */
export async function sendMail(env: Env, mail: OutgoingMail) {
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    await transport.sendMail({ from: env.MAIL_FROM, ...mail });
    return { delivered: "smtp" as const };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const info = await transport.sendMail({ from: env.MAIL_FROM, ...mail });
  const outbox = path.join(env.DATA_DIR, "outbox");
  ensurePrivateDir(env.DATA_DIR);
  ensurePrivateDir(outbox);
  const file = path.join(outbox, `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}.eml`);
  await writeFile(file, info.message as Buffer, PRIVATE_FILE);
  return { delivered: "outbox" as const, file };
}
