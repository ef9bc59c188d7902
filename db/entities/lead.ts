import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { PipelineStage } from "./pipeline-stage";
import { User } from "./user";
import { tenantIsolation } from "./tenant";
import { ORDERING_KEY_MAX_LENGTH } from "../../app/lib/ordering";
import { AI_SENTIMENTS } from "../../app/lib/ai";
import { CONTACT_CHANNELS, LEAD_PRIORITIES, LEAD_STATUSES } from "../../app/lib/lead-enums";

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
    /**
     * Fractional ordering key within the stage (app/utils/ordering.ts): a move
     * writes only this row. Unique per stage, archived leads included, so a key
     * always has room on both sides and an unarchived lead never collides.
     */
    position: p.string().length(ORDERING_KEY_MAX_LENGTH).collation("C"),
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
    /**
     * The lead's last inbound message: WhatsApp lets a business write free
     * text only within 24 hours of it. Like the two fields above and
     * `unreadCount`, written by conversations without bumping `version`.
     */
    lastInboundAt: p.datetime().nullable(),
    /** Inbound messages the assignee has not opened yet. */
    unreadCount: p.integer().default(0),
    /** The newest summary's sentiment and time, for the card; written by the summary job without bumping `version`. */
    aiSentiment: p.enum(AI_SENTIMENTS).nullable(),
    aiSummaryAt: p.datetime().nullable(),
    /**
     * Since when the conversation has changed without a summary: the debounced
     * job runs at most AI_SUMMARY_MAX_WAIT_MS after it, however steady the
     * conversation (null: nothing waiting).
     */
    aiPendingSince: p.datetime().nullable(),
    /** A summary job is working on this lead until then (a lease: a crashed job's expires): another waits rather than paying for the same state twice. */
    aiSummarizingUntil: p.datetime().nullable(),
    /**
     * `phone_match_key(phone)`, kept by a trigger (never written by the app):
     * an inbound WhatsApp sender is matched by it. A column rather than an
     * expression index because row-level security keeps a non-leakproof
     * function of a column out of index conditions (docs/benchmarks.md).
     */
    phoneKey: p.string().length(20).nullable(),
    createdBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    closedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ["organization", "stage", "position"] }],
  indexes: [
    // The board's column totals and tag facet read only this index (index-only scans), not the leads.
    {
      name: "leads_board_totals_index",
      properties: ["organization", "stage"],
      include: ["estimatedValue", "tags"],
      where: "status <> 'archived'",
    },
    // The board's source facet: a skip scan, one probe per distinct source.
    { name: "leads_board_sources_index", properties: ["organization", "source"], where: "status <> 'archived'" },
    { properties: ["organization", "assignee"] },
    { properties: ["organization", "phone"] },
    // An inbound WhatsApp sender is matched by this key (one key for a Brazilian mobile with or without its ninth digit).
    { name: "leads_phone_key_index", properties: ["organization", "phoneKey"] },
  ],
  checks: [{ name: "leads_estimated_value_check", expression: "estimated_value >= 0" }],
  // Kept by the database so no writer of a phone can forget it.
  triggers: [{ name: "leads_phone_key", timing: "before", events: ["insert", "update"], body: "new.phone_key := phone_match_key(new.phone); return new;" }],
});
export type Lead = InferEntity<typeof Lead>;
