import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { User } from "./user";
import { tenantIsolation, TWILIO_CONNECTION_KEY_SETTING } from "./tenant";

/**
 * One Twilio account of an organization: its numbers place and take the calls
 * on leads' timelines. Twilio's requests name the connection by the
 * unguessable key in their URL and are signed with `authToken`, which holds
 * ciphertext (app/utils/secret-box.server.ts), never plaintext.
 */
export const TwilioConnection = defineEntity({
  name: "TwilioConnection",
  tableName: "twilio_connections",
  ...tenantIsolation([
    // A webhook learns the organization from the key in its URL (through find_twilio_connection).
    {
      name: "connection_visible_by_key",
      command: "select",
      using: `connection_key = nullif(current_setting('${TWILIO_CONNECTION_KEY_SETTING}', true), '')`,
    },
  ]),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    connectionKey: p.string().length(64).unique(),
    name: p.string().length(80),
    accountSid: p.string().length(34),
    authToken: p.text(),
    /** The account's numbers (E.164) the organization calls from and is called on; the first is the caller id. */
    phoneNumbers: p.json<string[]>().default("[]").$type<string[]>(),
    /** Calls are recorded, after the pt-BR notice is played to the lead (LGPD). */
    recordCalls: p.boolean().default(true),
    demo: p.boolean().default(false),
    createdBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ["organization", "accountSid"] }],
});
export type TwilioConnection = InferEntity<typeof TwilioConnection>;
