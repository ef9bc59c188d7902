import { LockMode } from "@mikro-orm/core";
import { Organization } from "@db/entities/organization";
import { User } from "@db/entities/user";
import { message } from "~/i18n/catalogue";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";

/** How long a deleted organization can be restored before the purge removes it and its files. */
export const ORGANIZATION_GRACE_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Disables the organization at once and schedules its purge: from the commit
 * on, the guard refuses its members, its webhooks answer 410, the maintenance
 * walk skips it, and the `organization.deleted` event closes its open streams
 * on every web process. Confirmed by typing its slug, so a stray click or a
 * forged form without it changes nothing.
 */
export async function deleteOrganization(actor: AuditActor, input: { confirmSlug: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const organization = await db.findOneOrFail(Organization, { id: actor.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (input.confirmSlug.trim() !== organization.slug) {
      throw new DomainRefusal(message("organization.delete.rule.slugMismatch"), { status: 422, field: "confirmSlug" });
    }
    if (organization.deletedAt) return { purgeAfter: organization.purgeAfter as Date };
    const deletedAt = now();
    const purgeAfter = new Date(deletedAt.getTime() + ORGANIZATION_GRACE_DAYS * DAY_MS);
    db.assign(organization, { deletedAt, deletedBy: actor.userId, purgeAfter });
    recordAudit(db, actor, {
      action: "organization.deleted",
      resourceType: "organization",
      resourceId: organization.id,
      changes: { before: { deletedAt: null }, after: { deletedAt: deletedAt.toISOString(), purgeAfter: purgeAfter.toISOString() } },
    });
    const actorUser = await db.findOneOrFail(User, { id: actor.userId }, { fields: ["fullName"] });
    await recordEvent(db, actor.organizationId, { type: "organization.deleted", data: { organizationId: organization.id }, actor: { id: actor.userId, name: actorUser.fullName } });
    return { purgeAfter };
  });
}
