import { LockMode } from "@mikro-orm/core";
import { Organization } from "@db/entities/organization";
import { OrganizationMember } from "@db/entities/organization-member";
import { message } from "~/i18n/catalogue";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";

/**
 * Brings a deleted organization back while its grace period runs, for one of
 * its owners (the guard refuses a deleted organization, so the owner is
 * checked here). Past `purge_after` it is refused even if the purge has not
 * reached it yet: the owners were told that date. Once the purge has claimed
 * it (`purging_at`, under the same row lock) it is refused whatever this
 * process's clock says: its objects may be gone already. The jobs kept while
 * it was deleted run again at once, in the same transaction.
 */
export async function restoreOrganization(actor: AuditActor) {
  return withOrganization(actor.organizationId, async (db) => {
    const membership = await db.findOne(OrganizationMember, { organization: actor.organizationId, user: actor.userId });
    if (!membership) return null;
    if (membership.role !== "owner") throw new DomainRefusal(message("organization.restore.rule.ownersOnly"), { status: 403 });
    const organization = await db.findOneOrFail(Organization, { id: actor.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!organization.deletedAt) return { restored: false };
    if (organization.purgingAt || !organization.purgeAfter || organization.purgeAfter.getTime() <= now().getTime()) {
      throw new DomainRefusal(message("organization.restore.rule.gracePeriodOver"), { status: 409 });
    }
    const before = { deletedAt: organization.deletedAt.toISOString(), purgeAfter: organization.purgeAfter.toISOString() };
    db.assign(organization, { deletedAt: null, deletedBy: null, purgeAfter: null });
    recordAudit(db, actor, { action: "organization.restored", resourceType: "organization", resourceId: organization.id, changes: { before, after: { deletedAt: null } } });
    await db.flush();
    await db.execute(`select release_organization_jobs(?)`, [organization.id]);
    return { restored: true };
  });
}
