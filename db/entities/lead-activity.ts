import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Lead } from "./lead";
import { Organization } from "./organization";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

export const ACTIVITY_TYPES = ["created", "updated", "stage_changed", "reordered", "assigned", "note_added", "status_changed"] as const;

/** What happened to a lead (who moved it where, who edited what). */
export const LeadActivity = defineEntity({
  name: "LeadActivity",
  tableName: "lead_activities",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    lead: p.manyToOne(Lead).mapToPk().deleteRule("cascade"),
    actor: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    activityType: p.enum(ACTIVITY_TYPES),
    title: p.string().length(255),
    metadata: p.json<Record<string, unknown>>().default("{}").$type<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ["organization", "lead", "createdAt"] }],
});
export type LeadActivity = InferEntity<typeof LeadActivity>;
