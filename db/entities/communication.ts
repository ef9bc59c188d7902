import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Lead } from "./lead";
import { CONTACT_CHANNELS } from "../../app/lib/lead-enums";
import { Organization } from "./organization";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

export const DIRECTIONS = ["inbound", "outbound", "internal"] as const;

/** The lead timeline: notes now; WhatsApp messages, calls and e-mails later. */
export const Communication = defineEntity({
  name: "Communication",
  tableName: "communications",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    lead: p.manyToOne(Lead).mapToPk().deleteRule("cascade"),
    author: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    channel: p.enum(CONTACT_CHANNELS),
    direction: p.enum(DIRECTIONS),
    subject: p.string().length(500).nullable(),
    content: p.text(),
    metadata: p.json<Record<string, unknown>>().default("{}").$type<Record<string, unknown>>(),
    externalId: p.string().length(255).nullable(),
    status: p.string().length(20).nullable(),
    sentAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [{ properties: ["organization", "lead", "sentAt"] }],
});
export type Communication = InferEntity<typeof Communication>;
