import { rmSync, writeFileSync } from "node:fs";
import { DEMO_TWILIO_CONNECTIONS } from "@db/seeds/demo-twilio";
import { ensurePrivateDir, PRIVATE_FILE } from "~/utils/private-files.server";
import { startTwilioStandIn, twilioStandInInfoFile } from "./twilio-stand-in";

export interface DemoTwilioStandIn {
  url: string;
  stop(): Promise<void>;
}

/**
 * The offline demo's phone network: the loopback Twilio stand-in with the demo
 * connections' accounts, their numbers wired to the app's voice and status
 * webhook routes (`appUrl`), and timings a person watching the lead page finds
 * believable (the rep picks up after 2 s, the lead after 3 s, they talk for 6 s).
 * Its address goes to the data directory for `npm run call:simulate`, which
 * places inbound calls through it; stop() removes it again.
 */
export async function startDemoTwilioStandIn(options: { dataDir: string; appUrl: string }): Promise<DemoTwilioStandIn> {
  const standIn = await startTwilioStandIn({
    accounts: Object.values(DEMO_TWILIO_CONNECTIONS).map((demo) => ({
      accountSid: demo.accountSid,
      authToken: demo.authToken,
      numbers: demo.numbers,
      voiceUrl: `${options.appUrl}/webhooks/twilio/${demo.connectionKey}/voice`,
      statusCallbackUrl: `${options.appUrl}/webhooks/twilio/${demo.connectionKey}/status`,
    })),
    ringMs: 2_000,
    dialRingMs: 3_000,
    talkMs: 6_000,
    promptMs: 1_500,
    // The app may be restarting when a callback is due.
    webhookAttempts: 5,
    webhookRetryDelayMs: 1_000,
  });
  const infoFile = twilioStandInInfoFile(options.dataDir);
  ensurePrivateDir(options.dataDir);
  // A launcher that was killed (-9) leaves its file behind; this run's address replaces it.
  rmSync(infoFile, { force: true });
  writeFileSync(infoFile, JSON.stringify({ url: standIn.url }), PRIVATE_FILE);
  return {
    url: standIn.url,
    async stop() {
      rmSync(infoFile, { force: true });
      await standIn.close();
    },
  };
}
