import { Lead } from "@db/entities/lead";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { snapshotLead } from "./snapshot-lead";

/**
 * Deletes a lead with its timeline and history. Deleting loses data for the
 * whole team, so the audit log keeps what the lead held.
 */
export async function deleteLead(actor: AuditActor & { userName: string }, input: { leadId: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const lead = await db.findOne(Lead, { id: input.leadId });
    if (!lead) return null;
    const before = snapshotLead(lead);
    await db.nativeDelete(Lead, { id: lead.id });
    recordAudit(db, actor, { action: "lead.deleted", resourceType: "lead", resourceId: lead.id, changes: { before, after: null } });
    await recordEvent(db, actor.organizationId, {
      type: "lead.deleted",
      data: { leadId: lead.id, stageId: lead.stage },
      actor: { id: actor.userId, name: actor.userName },
    });
    return { stageId: lead.stage };
  });
}
