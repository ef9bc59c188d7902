import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { User } from "./user";
import { tenantIsolation, WHATSAPP_CONNECTION_KEY_SETTING } from "./tenant";

export const NEW_LEAD_ASSIGNMENTS = ["unassigned", "round_robin"] as const;
export type NewLeadAssignment = (typeof NEW_LEAD_ASSIGNMENTS)[number];

/**
 * One Meta app's webhook for one WhatsApp Business Account, with its own
 * unguessable key in the callback URL. `appSecret`, `verifyToken` and
 * `accessToken` hold ciphertext (app/utils/secret-box.server.ts), never plaintext.
 */
export const WhatsAppConnection = defineEntity({
  name: "WhatsAppConnection",
  tableName: "whatsapp_connections",
  ...tenantIsolation([
    // The webhook learns the organization from the key in its URL: whoever
    // holds that key may read that one connection (through find_whatsapp_connection).
    {
      name: "connection_visible_by_key",
      command: "select",
      using: `connection_key = nullif(current_setting('${WHATSAPP_CONNECTION_KEY_SETTING}', true), '')`,
    },
  ]),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    connectionKey: p.string().length(64).unique(),
    name: p.string().length(80),
    wabaId: p.string().length(32),
    appSecret: p.text(),
    verifyToken: p.text(),
    accessToken: p.text(),
    newLeadAssignment: p.enum(NEW_LEAD_ASSIGNMENTS).default("unassigned"),
    /** Round-robin cursor: the member who got the last new lead. */
    lastAssignedUserId: p.uuid().nullable(),
    demo: p.boolean().default(false),
    templatesSyncedAt: p.datetime().nullable(),
    /** Set while a template sync is queued or retrying; the page says "syncing". */
    templatesSyncRequestedAt: p.datetime().nullable(),
    templatesSyncError: p.text().nullable(),
    createdBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ["organization", "wabaId"] }],
});
export type WhatsAppConnection = InferEntity<typeof WhatsAppConnection>;
