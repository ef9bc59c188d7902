import { RetentionPolicy } from "@db/entities/retention-policy";
import { DEFAULT_RETENTION_DAYS, type RetentionDays } from "~/lib/retention";
import { withOrganization } from "~/utils/db.server";

export interface RetentionSettings {
  days: RetentionDays;
  /** False while the organization keeps the plan's defaults (nobody has saved the page yet). */
  customized: boolean;
  updatedAt: string | null;
}

/** The periods a row holds; no row means the plan's defaults. */
export function toRetentionDays(row: RetentionPolicy | null): RetentionDays {
  if (!row) return { ...DEFAULT_RETENTION_DAYS };
  return { communications: row.communicationsDays, media: row.mediaDays, ai: row.aiDays, inbox: row.inboxDays, audit: row.auditDays };
}

/** An organization's retention periods: its row, or the plan's defaults when it has none. */
export async function getRetentionPolicy(organizationId: string): Promise<RetentionSettings> {
  return withOrganization(organizationId, async (db) => {
    const row = await db.findOne(RetentionPolicy, { organization: organizationId });
    return { days: toRetentionDays(row), customized: row !== null, updatedAt: row ? row.updatedAt.toISOString() : null };
  });
}
