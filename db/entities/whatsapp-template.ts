import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { WhatsAppConnection } from "./whatsapp-connection";
import { tenantIsolation } from "./tenant";

/** A message template as Meta last reported it (GET /{waba-id}/message_templates). */
export const WhatsAppTemplate = defineEntity({
  name: "WhatsAppTemplate",
  tableName: "whatsapp_templates",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    connection: p.manyToOne(WhatsAppConnection).mapToPk().deleteRule("cascade"),
    name: p.string().length(512),
    language: p.string().length(32),
    status: p.string().length(64),
    category: p.string().length(64),
    components: p.json<unknown[]>().$type<unknown[]>(),
    /** How many `{{n}}` placeholders the body has: what a send must fill. */
    variableCount: p.integer().default(0),
    syncedAt: p.datetime(),
  },
  uniques: [{ properties: ["connection", "name", "language"] }],
});
export type WhatsAppTemplate = InferEntity<typeof WhatsAppTemplate>;
