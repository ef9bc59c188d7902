import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { AI_USAGE_KINDS } from "../../app/lib/ai";
import { AiSummary } from "./ai-summary";
import { Communication } from "./communication";
import { Organization } from "./organization";
import { tenantIsolation } from "./tenant";

/**
 * One row per request sent to an AI provider (a summary or a transcription),
 * whether it succeeded or not: the monthly limit counts these and the
 * settings page sums them. Local analyses send nothing and are not here.
 */
export const AiUsage = defineEntity({
  name: "AiUsage",
  tableName: "ai_usage",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    kind: p.enum(AI_USAGE_KINDS),
    model: p.string().length(80),
    summary: p.manyToOne(AiSummary).mapToPk().nullable().deleteRule("set null"),
    /** The call whose recording was transcribed. */
    communication: p.manyToOne(Communication).mapToPk().nullable().deleteRule("set null"),
    inputTokens: p.integer().default(0),
    outputTokens: p.integer().default(0),
    audioSeconds: p.integer().nullable(),
    costBrl: p.decimal("string").precision(12).scale(6).nullable(),
    succeeded: p.boolean(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  // By summary too: deleting a summary (retention, a deletion request) sets its usage rows' link to null.
  indexes: [{ properties: ["organization", "createdAt"] }, { properties: ["summary"] }],
});
export type AiUsage = InferEntity<typeof AiUsage>;
