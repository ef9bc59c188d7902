import { PipelineStage } from "@db/entities/pipeline-stage";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { assertUniqueStageName } from "./assert-unique-stage-name";
import { lockPipeline } from "./lock-pipeline.server";

/** Renames and/or recolours an active stage; null when it is not one of the organization's active stages. */
export async function updateStage(
  actor: AuditActor & { userName: string },
  input: { stageId: string; name: string; color: string },
) {
  return withOrganization(actor.organizationId, async (db) => {
    await lockPipeline(db, actor.organizationId);
    const active = await db.find(PipelineStage, { isActive: true });
    const stage = active.find((s) => s.id === input.stageId);
    if (!stage) return null;
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    if (stage.name !== input.name) {
      assertUniqueStageName(active, input.name, stage.id);
      before.name = stage.name;
      after.name = stage.name = input.name;
    }
    if (stage.color !== input.color) {
      before.color = stage.color;
      after.color = stage.color = input.color;
    }
    const fields = Object.keys(after);
    if (!fields.length) return { fields };
    recordAudit(db, actor, { action: "stage.updated", resourceType: "pipeline_stage", resourceId: stage.id, changes: { before, after } });
    await recordEvent(db, actor.organizationId, {
      type: "stage.updated",
      data: { stageId: stage.id, fields, name: stage.name, color: stage.color },
      actor: { id: actor.userId, name: actor.userName },
    });
    return { fields };
  });
}
