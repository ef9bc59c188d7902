import { Lead } from "@db/entities/lead";
import { PipelineStage } from "@db/entities/pipeline-stage";
import { User } from "@db/entities/user";
import { withOrganization } from "~/utils/db.server";

export const BOARD_PAGE_SIZE = 50;

/** Active stages in order, each with its lead count, value sum and first page of cards. */
export async function getBoard(organizationId: string) {
  return withOrganization(organizationId, async (db) => {
    const stages = await db.find(PipelineStage, { isActive: true }, { orderBy: { position: "asc" } });
    const totals = await db.execute<{ stage_id: string; count: string; value: string | null }[]>(
      `select stage_id, count(*) as count, sum(estimated_value) as value from leads where status <> 'archived' group by stage_id`,
    );
    const totalByStage = new Map(totals.map((row) => [row.stage_id, row]));
    const columns = await Promise.all(
      stages.map(async (stage) => {
        const leads = await db.find(
          Lead,
          { stage: stage.id, status: { $ne: "archived" } },
          { orderBy: { position: "asc" }, limit: BOARD_PAGE_SIZE },
        );
        const total = totalByStage.get(stage.id);
        return {
          id: stage.id,
          name: stage.name,
          color: stage.color,
          count: Number(total?.count ?? 0),
          totalValue: total?.value ?? "0",
          leads,
        };
      }),
    );
    const assigneeIds = [...new Set(columns.flatMap((c) => c.leads.map((l) => l.assignee)).filter((id): id is string => !!id))];
    const assignees = await db.find(User, { id: { $in: assigneeIds } }, { fields: ["id", "fullName"] });
    const nameById = new Map(assignees.map((u) => [u.id, u.fullName]));
    return columns.map((column) => ({
      ...column,
      leads: column.leads.map((lead) => ({
        id: lead.id,
        version: lead.version,
        fullName: lead.fullName,
        company: lead.company ?? null,
        estimatedValue: lead.estimatedValue ?? null,
        source: lead.source ?? null,
        priority: lead.priority,
        tags: lead.tags,
        assigneeName: lead.assignee ? (nameById.get(lead.assignee) ?? null) : null,
        lastContactAt: lead.lastContactAt?.toISOString() ?? null,
        lastContactChannel: lead.lastContactChannel ?? null,
      })),
    }));
  });
}
