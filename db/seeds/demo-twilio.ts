/**
 * The demo's Twilio account, known to the seed (its connection), the launcher
 * (the loopback stand-in that plays Twilio) and the tests. Not secrets: they
 * only ever talk to the stand-in (app/modules/twilio/twilio-client.server.ts).
 */
export const DEMO_TWILIO_CONNECTIONS = {
  aurora: {
    connectionKey: "demo-aurora-twilio",
    accountSid: "AC00000000000000000000000000a0a001",
    authToken: "aurora-demo-twilio-token",
    numbers: ["+551140000002"],
    name: "Twilio Aurora",
  },
} as const;

/** The phones demo people take calls on (E.164), by login. */
export const DEMO_CALL_PHONES: Record<string, string> = { "rep@aurora.test": "+5511912345678" };
