/**
 * The demo organizations' Twilio connections and their reps' phones. On the
 * embedded defaults they talk to the loopback Twilio stand-in
 * (app/server/twilio-stand-in.ts), which is started with exactly these
 * accounts and signs its callbacks with these tokens, and `npm run
 * call:simulate` places inbound calls to these numbers. Constants only: they
 * are not real Twilio credentials and are never valid anywhere but on this
 * machine's loopback.
 */

export interface DemoTwilioConnection {
  /** The unguessable part of `/webhooks/twilio/:connectionKey/...`. */
  connectionKey: string;
  accountSid: string;
  authToken: string;
  /** E.164 numbers the account owns: the caller ID of click-to-call, and where leads call in. */
  numbers: string[];
  name: string;
}

/** Keyed by organization slug. */
export const DEMO_TWILIO_CONNECTIONS: Record<'aurora', DemoTwilioConnection> = {
  aurora: {
    connectionKey: 'demo-aurora-twilio',
    accountSid: 'AC00000000000000000000000000a0a001',
    authToken: 'aurora-demo-twilio-token',
    numbers: ['+551140000002'],
    name: 'Twilio Aurora',
  },
};

/** The phone each demo rep answers calls on (E.164), by login e-mail. */
export const DEMO_CALL_PHONES: Record<string, string> = {
  'rep@aurora.test': '+5511912345678',
};
