import { DEMO_TWILIO_CONNECTIONS } from "@db/seeds/demo-twilio";
import { publishStandInAddress } from "./stand-in-info";
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
  const unpublish = publishStandInAddress(twilioStandInInfoFile(options.dataDir), standIn.url);
  return {
    url: standIn.url,
    async stop() {
      unpublish();
      await standIn.close();
    },
  };
}
