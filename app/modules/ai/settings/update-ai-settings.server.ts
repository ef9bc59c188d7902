import { LockMode } from "@mikro-orm/core";
import { Organization } from "@db/entities/organization";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";

export type AiSettingsChange = { enabled: boolean } | { monthlyLimit: number };

/**
 * Turns AI on or off, or sets the monthly limit of provider summaries, and
 * audits what changed (nothing is written when the value is already that).
 * The row is locked so two admins saving at once each audit the value the
 * other left, never a stale "before".
 */
export async function updateAiSettings(actor: AuditActor, change: AiSettingsChange): Promise<{ fields: string[] }> {
  return withOrganization(actor.organizationId, async (db) => {
    const organization = await db.findOneOrFail(Organization, { id: actor.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const before: Record<string, boolean | number> = {};
    const after: Record<string, boolean | number> = {};
    if ("enabled" in change && organization.aiEnabled !== change.enabled) {
      before.aiEnabled = organization.aiEnabled;
      after.aiEnabled = organization.aiEnabled = change.enabled;
    }
    if ("monthlyLimit" in change && organization.aiMonthlyLimit !== change.monthlyLimit) {
      before.aiMonthlyLimit = organization.aiMonthlyLimit;
      after.aiMonthlyLimit = organization.aiMonthlyLimit = change.monthlyLimit;
    }
    const fields = Object.keys(after);
    if (fields.length) {
      recordAudit(db, actor, { action: "organization.ai_settings_updated", resourceType: "organization", resourceId: organization.id, changes: { before, after } });
    }
    return { fields };
  });
}
