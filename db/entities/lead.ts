import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { PipelineStage } from "./pipeline-stage";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

export const LEAD_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export const LEAD_STATUSES = ["active", "won", "lost", "archived"] as const;
export const CONTACT_CHANNELS = ["note", "whatsapp", "phone", "email", "meeting", "sms"] as const;

export const Lead = defineEntity({
  name: "Lead",
  tableName: "leads",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    fullName: p.string().length(160),
    email: p.string().length(254).nullable(),
    phone: p.string().length(20).nullable(),
    company: p.string().length(160).nullable(),
    jobTitle: p.string().length(120).nullable(),
    stage: p.manyToOne(PipelineStage).mapToPk(),
    /** Fractional ordering key within the stage: a move writes only this row. */
    position: p.string().length(64).collation("C"),
    assignee: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    source: p.string().length(40).nullable(),
    priority: p.enum(LEAD_PRIORITIES).default("medium"),
    tags: p.array().default([]),
    estimatedValue: p.decimal("string").precision(14).scale(2).nullable(),
    customFields: p.json<Record<string, unknown>>().default("{}").$type<Record<string, unknown>>(),
    status: p.enum(LEAD_STATUSES).default("active"),
    notes: p.text().nullable(),
    /** Optimistic concurrency: every write bumps it; writes based on an older value are refused. */
    version: p.integer().default(1),
    lastContactAt: p.datetime().nullable(),
    lastContactChannel: p.enum(CONTACT_CHANNELS).nullable(),
    createdBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    closedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [
    { properties: ["organization", "stage", "position"] },
    { properties: ["organization", "assignee"] },
    { properties: ["organization", "phone"] },
  ],
  checks: [{ name: "leads_estimated_value_check", expression: "estimated_value >= 0" }],
});
export type Lead = InferEntity<typeof Lead>;
