import { message } from "~/i18n/catalogue";
import { PipelineStage } from "@db/entities/pipeline-stage";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { lockPipeline } from "./lock-pipeline.server";

/**
 * Moves an active stage one place up or down; every active stage is
 * renumbered 0…n-1 in the same transaction. Null when the stage is not one of
 * the organization's active stages.
 */
export async function moveStage(actor: AuditActor & { userName: string }, input: { stageId: string; direction: "up" | "down" }) {
  return withOrganization(actor.organizationId, async (db) => {
    await lockPipeline(db, actor.organizationId);
    const active = await db.find(PipelineStage, { isActive: true }, { orderBy: { position: "asc", createdAt: "asc" } });
    const from = active.findIndex((s) => s.id === input.stageId);
    if (from === -1) return null;
    const to = input.direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= active.length) {
      throw new DomainRefusal(message(input.direction === "up" ? "pipeline.rule.first" : "pipeline.rule.last"));
    }
    const before = active.map((s) => s.id);
    const ordered = [...active];
    [ordered[from], ordered[to]] = [ordered[to], ordered[from]];
    ordered.forEach((stage, position) => {
      stage.position = position;
    });
    const stageIds = ordered.map((s) => s.id);
    recordAudit(db, actor, {
      action: "stage.reordered",
      resourceType: "pipeline_stage",
      resourceId: input.stageId,
      changes: { before: { stageIds: before }, after: { stageIds } },
    });
    await recordEvent(db, actor.organizationId, {
      type: "stage.reordered",
      data: { stageIds },
      actor: { id: actor.userId, name: actor.userName },
    });
    return { stageIds };
  });
}
