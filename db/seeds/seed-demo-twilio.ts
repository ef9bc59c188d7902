import { randomUUID } from "node:crypto";
import { TwilioConnection } from "../entities/twilio-connection";
import { User } from "../entities/user";
import { withOrganization, withUser } from "../../app/utils/db.server";
import { sealTwilioAuthToken } from "../../app/modules/twilio/twilio-secrets.server";
import { DEMO_CALL_PHONES, type DemoTwilioConnection } from "./demo-twilio";

/**
 * A demo organization's Twilio connection, sealed like a real one but marked
 * `demo`: its calls go to the loopback stand-in, never to Twilio. Recording
 * on, as a new connection starts. Its id.
 */
export async function addDemoTwilioConnection(organizationId: string, demo: DemoTwilioConnection) {
  return withOrganization(organizationId, async (db) => {
    const connection = db.create(TwilioConnection, {
      id: randomUUID(),
      organization: organizationId,
      connectionKey: demo.connectionKey,
      name: demo.name,
      accountSid: demo.accountSid,
      authToken: sealTwilioAuthToken(demo.authToken),
      phoneNumbers: [...demo.numbers],
      recordCalls: true,
      demo: true,
    });
    return connection.id;
  });
}

/** The phones demo people take calls on (DEMO_CALL_PHONES), each saved in its own user's scope. */
export async function addDemoCallPhones(userIdByEmail: Map<string, string>) {
  for (const [email, phone] of Object.entries(DEMO_CALL_PHONES)) {
    const userId = userIdByEmail.get(email);
    if (!userId) throw new Error(`DEMO_CALL_PHONES names ${email}, who is not a demo account`);
    await withUser(userId, async (db) => {
      const user = await db.findOneOrFail(User, { id: userId });
      user.phone = phone;
    });
  }
}
