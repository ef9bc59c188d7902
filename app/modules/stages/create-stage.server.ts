import { randomUUID } from "node:crypto";
import { PipelineStage } from "@db/entities/pipeline-stage";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { assertUniqueStageName } from "./assert-unique-stage-name";
import { lockPipeline } from "./lock-pipeline.server";

/** Adds a stage at the end of the pipeline. */
export async function createStage(actor: AuditActor & { userName: string }, input: { name: string; color: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    await lockPipeline(db, actor.organizationId);
    const active = await db.find(PipelineStage, { isActive: true }, { orderBy: { position: "asc" } });
    assertUniqueStageName(active, input.name);
    const position = active.length ? active[active.length - 1].position + 1 : 0;
    const stage = db.create(PipelineStage, {
      id: randomUUID(),
      organization: actor.organizationId,
      name: input.name,
      color: input.color,
      position,
      stageType: "custom",
      isActive: true,
    });
    const after = { name: stage.name, color: stage.color, position };
    recordAudit(db, actor, { action: "stage.created", resourceType: "pipeline_stage", resourceId: stage.id, changes: { before: null, after } });
    await recordEvent(db, actor.organizationId, {
      type: "stage.created",
      data: { stageId: stage.id, ...after },
      actor: { id: actor.userId, name: actor.userName },
    });
    return stage;
  });
}
