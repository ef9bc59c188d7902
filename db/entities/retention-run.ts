import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

export const RETENTION_RUN_STATUSES = ["running", "succeeded", "failed"] as const;
export type RetentionRunStatus = (typeof RETENTION_RUN_STATUSES)[number];
export const RETENTION_RUN_TRIGGERS = ["schedule", "manual"] as const;

/**
 * One retention pass over an organization. Each batch adds its counts here in
 * the same transaction that redacts or deletes, so a pass killed halfway and
 * picked up again (the same row, still `running`) never counts twice; the
 * cutoffs are fixed when the pass starts, so the pick-up sees the same limits.
 */
export const RetentionRun = defineEntity({
  name: "RetentionRun",
  tableName: "retention_runs",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    status: p.enum(RETENTION_RUN_STATUSES).default("running"),
    trigger: p.enum(RETENTION_RUN_TRIGGERS),
    requestedBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    /** The clock's time the pass measures every period from. */
    asOf: p.datetime(),
    /** Cutoff per retention kind (ISO strings): older than this is expired. */
    cutoffs: p.json<Record<string, string>>().$type<Record<string, string>>(),
    /** Items handled so far, per kind (communications, media, ai, transcripts, inbox, audit). */
    counts: p.json<Record<string, number>>().default("{}").$type<Record<string, number>>(),
    /** A short reason when the pass failed; never content. */
    error: p.text().nullable(),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ["organization", "startedAt"] }],
});
export type RetentionRun = InferEntity<typeof RetentionRun>;
