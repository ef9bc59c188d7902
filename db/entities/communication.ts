import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Lead } from "./lead";
import { CONTACT_CHANNELS } from "../../app/lib/lead-enums";
import { Organization } from "./organization";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

export const DIRECTIONS = ["inbound", "outbound", "internal"] as const;

/**
 * The lead timeline: every note, WhatsApp message and (later) call is one row.
 * A provider's id is unique per channel within the organization, so a
 * redelivered message or a retried job finds its row instead of adding one.
 * Pages are read newest first by (sent_at, id): the id breaks ties, so a page
 * boundary never skips or repeats an entry.
 */
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
    /** When a note's author last changed it (null: never edited). */
    editedAt: p.datetime().nullable(),
    /** Content removed by retention or a deletion request; who, when, channel and direction stay so reports still add up. */
    redactedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ name: "communications_external_id_unique", properties: ["organization", "channel", "externalId"] }],
  indexes: [
    {
      name: "communications_timeline_index",
      expression: `create index "communications_timeline_index" on "communications" ("organization_id", "lead_id", "sent_at" desc, "id" desc)`,
    },
    {
      // What the retention pass walks: the organization's oldest entries not yet redacted.
      name: "communications_retention_index",
      expression: `create index "communications_retention_index" on "communications" ("organization_id", "sent_at", "id") where redacted_at is null`,
    },
  ],
});
export type Communication = InferEntity<typeof Communication>;
