import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { AI_PROVIDERS, AI_SENTIMENTS, AI_SUMMARY_STATUSES, AI_SUMMARY_TRIGGERS } from "../../app/lib/ai";
import { Lead } from "./lead";
import { Organization } from "./organization";
import { PipelineStage } from "./pipeline-stage";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

/**
 * Every analysis of a lead's conversation, kept as history: what went in
 * (the range of entries and a fingerprint of the whole conversation), what
 * came out (validated output, or the failure's reason), and what it cost.
 * One succeeded summary per conversation state: the fingerprint is unique
 * among them, so a retried or duplicated job cannot make a second.
 */
export const AiSummary = defineEntity({
  name: "AiSummary",
  tableName: "ai_summaries",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    lead: p.manyToOne(Lead).mapToPk().deleteRule("cascade"),
    provider: p.enum(AI_PROVIDERS),
    model: p.string().length(80),
    status: p.enum(AI_SUMMARY_STATUSES),
    trigger: p.enum(AI_SUMMARY_TRIGGERS),
    requestedBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    /** sha-256 of the conversation as it stood (every entry's id, text and transcript). */
    inputFingerprint: p.string().length(64),
    /** Oldest and newest entry sent; the previous summary stood in for anything older. */
    inputFrom: p.datetime().nullable(),
    inputTo: p.datetime().nullable(),
    entryCount: p.integer().default(0),
    output: p.json<Record<string, unknown>>().nullable(),
    sentiment: p.enum(AI_SENTIMENTS).nullable(),
    suggestedStage: p.manyToOne(PipelineStage).mapToPk().nullable().deleteRule("set null"),
    /** Why a failed attempt failed (timeout, HTTP status, schema issue), never a stack trace. */
    error: p.string().length(300).nullable(),
    inputTokens: p.integer().default(0),
    outputTokens: p.integer().default(0),
    costBrl: p.decimal("string").precision(12).scale(6).nullable(),
    durationMs: p.integer().default(0),
    /** Suggestions a person accepted: field → who and when. */
    accepted: p.json<Record<string, { userId: string; at: string }>>().default("{}").$type<Record<string, { userId: string; at: string }>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    {
      name: "ai_summaries_lead_index",
      expression: `create index "ai_summaries_lead_index" on "ai_summaries" ("organization_id", "lead_id", "created_at" desc)`,
    },
    {
      // What the retention pass walks: the organization's oldest summaries, whatever their lead.
      name: "ai_summaries_retention_index",
      expression: `create index "ai_summaries_retention_index" on "ai_summaries" ("organization_id", "created_at")`,
    },
    {
      name: "ai_summaries_state_unique",
      expression: `create unique index "ai_summaries_state_unique" on "ai_summaries" ("organization_id", "lead_id", "input_fingerprint") where "status" = 'succeeded'`,
    },
  ],
});
export type AiSummary = InferEntity<typeof AiSummary>;
