import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { RETENTION_LIMITS } from "../../app/lib/retention";
import { Organization } from "./organization";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

const { communications, media, ai, inbox, audit } = RETENTION_LIMITS;

/**
 * An organization's retention periods, in days. No row means the plan's
 * defaults (`DEFAULT_RETENTION_DAYS`): organizations only get one when an
 * admin saves the privacy page. The checks hold the legal floors; the ceiling
 * (the plan's default) is enforced by the form, so a plan that keeps data
 * longer needs no migration of existing rows.
 */
export const RetentionPolicy = defineEntity({
  name: "RetentionPolicy",
  tableName: "retention_policies",
  ...tenantIsolation(),
  checks: [
    { name: "retention_policies_communications_days_check", expression: `communications_days >= ${communications.minDays}` },
    { name: "retention_policies_media_days_check", expression: `media_days >= ${media.minDays}` },
    { name: "retention_policies_ai_days_check", expression: `ai_days >= ${ai.minDays}` },
    { name: "retention_policies_inbox_days_check", expression: `inbox_days >= ${inbox.minDays}` },
    { name: "retention_policies_audit_days_check", expression: `audit_days >= ${audit.minDays}` },
  ],
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().unique().deleteRule("cascade"),
    communicationsDays: p.integer(),
    mediaDays: p.integer(),
    aiDays: p.integer(),
    inboxDays: p.integer(),
    auditDays: p.integer(),
    /** Who saved the periods last (the audit log has every change). */
    updatedBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type RetentionPolicy = InferEntity<typeof RetentionPolicy>;
