import { randomUUID } from "node:crypto";
import { LockMode } from "@mikro-orm/core";
import { Organization } from "@db/entities/organization";
import { RetentionPolicy } from "@db/entities/retention-policy";
import { RETENTION_KINDS, type RetentionDays, type RetentionKind } from "~/lib/retention";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { toRetentionDays } from "./get-retention-policy.server";

/**
 * Saves an organization's retention periods and audits the kinds that
 * changed, before and after (nothing is written when every period is already
 * that). The organization's row is locked first: the policy row may not exist
 * yet, and two admins saving at once must neither both insert it nor audit a
 * stale "before".
 */
export async function updateRetentionPolicy(actor: AuditActor, days: RetentionDays): Promise<{ kinds: RetentionKind[] }> {
  return withOrganization(actor.organizationId, async (db) => {
    await db.findOneOrFail(Organization, { id: actor.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const row = await db.findOne(RetentionPolicy, { organization: actor.organizationId });
    const current = toRetentionDays(row);
    const kinds = RETENTION_KINDS.filter((kind) => current[kind] !== days[kind]);
    if (!kinds.length) return { kinds };

    const values = { communicationsDays: days.communications, mediaDays: days.media, aiDays: days.ai, inboxDays: days.inbox, auditDays: days.audit, updatedBy: actor.userId };
    const policy = row ? db.assign(row, values) : db.create(RetentionPolicy, { id: randomUUID(), organization: actor.organizationId, ...values });
    recordAudit(db, actor, {
      action: "organization.retention_updated",
      resourceType: "retention_policy",
      resourceId: policy.id,
      changes: {
        before: Object.fromEntries(kinds.map((kind) => [kind, current[kind]])),
        after: Object.fromEntries(kinds.map((kind) => [kind, days[kind]])),
      },
    });
    return { kinds };
  });
}
