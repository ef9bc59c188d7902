import { message } from "~/i18n/catalogue";
import { Lead } from "@db/entities/lead";
import { PipelineStage } from "@db/entities/pipeline-stage";
import { withOrganization } from "~/utils/db.server";
import { keysBetween } from "~/lib/ordering";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { lockStageColumn } from "~/modules/board/lock-stage-column.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { lockPipeline } from "./lock-pipeline.server";

/**
 * Archives an active stage. Its leads (if any) move to the bottom of `moveTo`,
 * in their order, each with a version bump and a history entry; the last
 * active stage cannot be archived. Null when `stageId` or `moveTo` is not a
 * stage of the organization.
 */
export async function archiveStage(
  actor: AuditActor & { userName: string },
  input: { stageId: string; moveTo: string | null },
) {
  return withOrganization(actor.organizationId, async (db) => {
    await lockPipeline(db, actor.organizationId);
    const active = await db.find(PipelineStage, { isActive: true }, { orderBy: { position: "asc", createdAt: "asc" } });
    const stage = active.find((s) => s.id === input.stageId);
    if (!stage) return null;
    if (active.length === 1) throw new DomainRefusal(message("pipeline.rule.lastStage"));

    // Card writers lock a column's stage row first: holding it, no card can land in this stage meanwhile.
    await lockStageColumn(db, actor.organizationId, stage.id);
    const leads = await db.find(Lead, { stage: stage.id }, { orderBy: { position: "asc" }, fields: ["id", "position"] });
    let target: PipelineStage | null = null;
    if (leads.length) {
      if (!input.moveTo) throw new DomainRefusal(message("pipeline.rule.chooseTarget", { count: leads.length, stage: stage.name }), { status: 400, field: "moveTo" });
      if (input.moveTo === stage.id) throw new DomainRefusal(message("pipeline.rule.differentTarget"), { status: 400, field: "moveTo" });
      target = active.find((s) => s.id === input.moveTo) ?? null;
      if (!target) {
        if (!(await db.count(PipelineStage, { id: input.moveTo }))) return null;
        throw new DomainRefusal(message("pipeline.rule.archivedTarget"), { status: 400, field: "moveTo" });
      }
      await lockStageColumn(db, actor.organizationId, target.id);
      const last = await db.findOne(Lead, { stage: target.id }, { orderBy: { position: "desc" }, fields: ["position"] });
      const keys = keysBetween(last?.position ?? null, null, leads.length);
      const moves = JSON.stringify(leads.map((lead, i) => ({ id: lead.id, position: keys[i] })));
      await db.execute(
        `update leads set stage_id = ?, position = m.position, version = leads.version + 1, updated_at = now()
           from jsonb_to_recordset(?::jsonb) as m(id uuid, position text)
          where leads.id = m.id`,
        [target.id, moves],
      );
      const title = `Moveu de ${stage.name} para ${target.name} (etapa arquivada)`;
      const metadata = { fromStageId: stage.id, toStageId: target.id, fromStageName: stage.name, toStageName: target.name, reason: "stage_archived" };
      await db.execute(
        `insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
         select gen_random_uuid(), ?, m.id, ?, 'stage_changed', ?, ?::jsonb, now()
           from jsonb_to_recordset(?::jsonb) as m(id uuid)`,
        [actor.organizationId, actor.userId, title, JSON.stringify(metadata), moves],
      );
    }

    const before = { name: stage.name, color: stage.color, position: stage.position, isActive: true };
    stage.isActive = false;
    active
      .filter((s) => s.isActive)
      .forEach((s, position) => {
        s.position = position;
      });
    const after = { isActive: false, movedTo: target?.id ?? null, movedLeadCount: leads.length };
    recordAudit(db, actor, { action: "stage.archived", resourceType: "pipeline_stage", resourceId: stage.id, changes: { before, after } });
    await recordEvent(db, actor.organizationId, {
      type: "stage.archived",
      data: { stageId: stage.id, movedTo: after.movedTo, movedLeadCount: leads.length },
      actor: { id: actor.userId, name: actor.userName },
    });
    return { movedTo: target, movedLeadCount: leads.length };
  });
}
