import { randomUUID } from "node:crypto";
import type { BoardCard } from "~/lib/board-client";
import { withOrganization } from "~/utils/db.server";
import { keyBetween } from "~/lib/ordering";
import { run, sql } from "~/utils/sql.server";
import { selectCard } from "~/modules/board/board-sql.server";
import { lockStageColumn } from "~/modules/board/lock-stage-column.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { goneFromBoard, type BoardActor } from "./move-lead.server";

/**
 * Quick add: a new lead at the top of an active column, with its "created"
 * activity entry and a `lead.created` event, in one transaction. Input is
 * already validated and normalised (E.164 phone, decimal value).
 */
export async function createLead(
  actor: BoardActor,
  input: { stageId: string; fullName: string; phone: string | null; company: string | null; estimatedValue: string | null },
): Promise<BoardCard> {
  const { organizationId } = actor;
  return withOrganization(organizationId, async (db) => {
    const stage = await lockStageColumn(db, organizationId, input.stageId);
    if (!stage) throw goneFromBoard("board.stageGone");
    // Archived leads keep their keys, so the new key goes before theirs too.
    const [first] = await run<{ position: string }>(
      db,
      sql`select position from leads where organization_id = ${organizationId} and stage_id = ${stage.id} order by position limit 1`,
    );
    const id = randomUUID();
    await run(
      db,
      sql`insert into leads (id, organization_id, full_name, phone, company, stage_id, position, estimated_value,
                             created_by_id, created_at, updated_at)
          values (${id}, ${organizationId}, ${input.fullName}, ${input.phone}, ${input.company}, ${stage.id},
                  ${keyBetween(null, first?.position ?? null)}, ${input.estimatedValue}::numeric, ${actor.user.id}, now(), now())`,
    );
    await run(
      db,
      sql`insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
          values (${randomUUID()}, ${organizationId}, ${id}, ${actor.user.id}, 'created', ${`Criou o lead em ${stage.name}`},
                  ${JSON.stringify({ stageId: stage.id, toStageId: stage.id, toStageName: stage.name, via: "quick_add" })}::jsonb, now())`,
    );
    await recordEvent(db, organizationId, {
      type: "lead.created",
      data: { leadId: id, stageId: stage.id, version: 1 },
      actor: { id: actor.user.id, name: actor.user.fullName },
    });
    return (await selectCard(db, organizationId, id))!;
  });
}
