import { PipelineStage } from "@db/entities/pipeline-stage";
import { withOrganization } from "~/utils/db.server";

/** Active stages in board order, each with how many leads it holds (whatever their status). */
export async function listStages(organizationId: string) {
  return withOrganization(organizationId, async (db) => {
    const stages = await db.find(PipelineStage, { isActive: true }, { orderBy: { position: "asc" } });
    const counts = await db.execute<{ stage_id: string; count: string }[]>(
      "select stage_id, count(*)::text as count from leads group by stage_id",
    );
    const countOf = new Map(counts.map((row) => [row.stage_id, Number(row.count)]));
    return stages.map((stage) => ({
      id: stage.id,
      name: stage.name,
      color: stage.color,
      position: stage.position,
      leadCount: countOf.get(stage.id) ?? 0,
    }));
  });
}
