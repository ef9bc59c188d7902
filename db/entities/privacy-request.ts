import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { StoredFile } from "./stored-file";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

export const PRIVACY_REQUEST_KINDS = ["access", "deletion", "correction"] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];
export const PRIVACY_REQUEST_STATUSES = ["received", "processing", "done", "failed"] as const;
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];

/**
 * A data subject's request under LGPD art. 18. The person is named by a phone
 * (its `phone_key`) or an e-mail; `lead_ids` are the leads that matched when
 * the request was registered. After a deletion this row is the one place the
 * subject and `requester_contact` remain: the proof that the request was
 * answered.
 */
export const PrivacyRequest = defineEntity({
  name: "PrivacyRequest",
  tableName: "privacy_requests",
  ...tenantIsolation(),
  checks: [{ name: "privacy_requests_progress_check", expression: "progress >= 0 and progress <= 100" }],
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    kind: p.enum(PRIVACY_REQUEST_KINDS),
    status: p.enum(PRIVACY_REQUEST_STATUSES).default("received"),
    /** The phone's key (`phoneKey` of `normalizePhone`) the request was made for, if by phone. */
    subjectPhoneKey: p.string().length(20).nullable(),
    /** The e-mail (lower case) the request was made for, if by e-mail. */
    subjectEmail: p.string().length(254).nullable(),
    /** The name shown for the request (the first matching lead's, when registered). */
    subjectName: p.string().length(160).nullable(),
    leadIds: p.array<string>().default([]),
    /** How the requester asked to be answered (kept as proof after a deletion). */
    requesterContact: p.string().length(254),
    requestedBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    /** Percentage of the export or deletion done, for the page while the job runs. */
    progress: p.integer().default(0),
    exportFile: p.manyToOne(StoredFile).mapToPk().nullable().deleteRule("set null"),
    exportExpiresAt: p.datetime().nullable(),
    /** A short reason when the job failed; never content. */
    error: p.text().nullable(),
    /** Registered (by the clock), and the answer is due 15 days later (LGPD art. 19). */
    receivedAt: p.datetime(),
    dueAt: p.datetime(),
    completedAt: p.datetime().nullable(),
    closedBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [{ properties: ["organization", "receivedAt"] }],
});
export type PrivacyRequest = InferEntity<typeof PrivacyRequest>;
