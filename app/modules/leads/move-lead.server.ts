import { randomUUID } from "node:crypto";
import type { BoardCard, BoardPerson } from "~/utils/board-client";
import { withOrganization, type Db } from "~/utils/db.server";
import { message, type LocalizedMessage } from "~/i18n/catalogue";
import { ORDERING_KEY_MAX_LENGTH, keyBetween } from "~/utils/ordering";
import { run, selectCard, sql } from "~/modules/board/board-sql.server";
import { lockStageColumn } from "~/modules/board/lock-stage-column.server";
import { recordEvent } from "~/modules/realtime/record-event.server";

/** Who acts on the board: a member of the organization with their display name. */
export interface BoardActor {
  organizationId: string;
  user: BoardPerson;
}

export type MoveLeadResult =
  | { status: "moved" | "unchanged"; card: BoardCard }
  | { status: "not-found"; message: LocalizedMessage }
  | { status: "stale"; card: BoardCard; movedBy: BoardPerson | null; change: StaleChange | null }
  | { status: "no-room"; message: LocalizedMessage };

/** What happened to a lead since the mover saw it, as data: each reader's page words it in their language. */
export interface StaleChange {
  kind: "moved" | "edited";
  /** The author's first name. */
  by: string;
  /** The stage the lead is in now. */
  stageName: string;
  at: string;
}

const MOVE_ACTIVITIES = ["stage_changed", "reordered"];

function firstName(fullName: string) {
  return fullName.trim().split(/\s+/)[0] || fullName;
}

/**
 * The truth about a lead someone else changed first, and who did it (the
 * author of its latest activity: every write that bumps the version writes one).
 */
async function staleResult(db: Db, organizationId: string, leadId: string): Promise<MoveLeadResult> {
  const card = await selectCard(db, organizationId, leadId);
  if (!card) return { status: "not-found", message: message("board.leadGone") };
  const [last] = await run<{ activityType: string; at: Date; actorId: string | null; actorName: string | null; stageName: string }>(
    db,
    sql`select a.activity_type as "activityType", a.created_at as at, u.id as "actorId", u.full_name as "actorName",
               (select s.name from pipeline_stages s where s.id = ${card.stageId}) as "stageName"
          from lead_activities a left join users u on u.id = a.actor_id
         where a.organization_id = ${organizationId} and a.lead_id = ${leadId}
         order by a.created_at desc, a.id desc
         limit 1`,
  );
  const movedBy = last?.actorId ? { id: last.actorId, fullName: last.actorName ?? "" } : null;
  if (!last || !movedBy) {
    return { status: "stale", card, movedBy: null, change: null };
  }
  const change: StaleChange = {
    kind: MOVE_ACTIVITIES.includes(last.activityType) ? "moved" : "edited",
    by: firstName(movedBy.fullName),
    stageName: last.stageName,
    at: new Date(last.at).toISOString(),
  };
  return { status: "stale", card, movedBy, change };
}

/**
 * Moves a lead to `toStageId`, right after `afterLeadId` (null = top of the
 * column), if the mover saw its current `version`. Writes the lead row (stage,
 * ordering key, version + 1), one activity entry and one `lead.moved` event,
 * in one transaction. The row is written with a `version = ?` guard, so of two
 * concurrent moves of one card exactly one wins; the other gets the truth.
 * Lead, stage and reference card must be the organization's (row-level
 * security hides other tenants' rows, which therefore read as not found).
 */
export async function moveLead(
  actor: BoardActor,
  input: { leadId: string; toStageId: string; afterLeadId: string | null; version: number },
): Promise<MoveLeadResult> {
  const { organizationId } = actor;
  return withOrganization(organizationId, async (db) => {
    const [lead] = await run<{ id: string; stageId: string; stageName: string; position: string; version: number }>(
      db,
      sql`select l.id, l.stage_id as "stageId", s.name as "stageName", l.position, l.version
            from leads l join pipeline_stages s on s.id = l.stage_id
           where l.organization_id = ${organizationId} and l.id = ${input.leadId} and l.status <> 'archived'`,
    );
    if (!lead) return { status: "not-found", message: message("board.leadGone") };
    if (lead.version !== input.version) return staleResult(db, organizationId, lead.id);

    const stage = await lockStageColumn(db, organizationId, input.toStageId);
    if (!stage) return { status: "not-found", message: message("board.stageGone") };

    // The new key goes between the reference card's key (or the top) and the next key in the column.
    let previousKey: string | null = null;
    if (input.afterLeadId) {
      const [reference] = await run<{ position: string }>(
        db,
        sql`select position from leads
             where organization_id = ${organizationId} and id = ${input.afterLeadId}
               and stage_id = ${stage.id} and status <> 'archived'`,
      );
      if (!reference) return { status: "not-found", message: message("board.referenceGone") };
      previousKey = reference.position;
    }
    // Archived leads keep their keys (they may come back), so they count as neighbours too.
    const lowerBound = previousKey === null ? sql`` : sql` and position > ${previousKey}`;
    const [next] = await run<{ position: string }>(
      db,
      sql`select position from leads
           where organization_id = ${organizationId} and stage_id = ${stage.id} and id <> ${lead.id}${lowerBound}
           order by position limit 1`,
    );
    const nextKey = next?.position ?? null;
    const inPlace =
      lead.stageId === stage.id && (previousKey === null || previousKey < lead.position) && (nextKey === null || lead.position < nextKey);
    if (inPlace) return { status: "unchanged", card: (await selectCard(db, organizationId, lead.id))! };

    const position = keyBetween(previousKey, nextKey);
    if (position.length > ORDERING_KEY_MAX_LENGTH) {
      return { status: "no-room", message: message("board.noRoom") };
    }
    const version = lead.version + 1;
    const [written] = await run<{ id: string }>(
      db,
      sql`update leads set stage_id = ${stage.id}, position = ${position}, version = ${version}, updated_at = now()
           where organization_id = ${organizationId} and id = ${lead.id} and version = ${input.version}
           returning id`,
    );
    if (!written) return staleResult(db, organizationId, lead.id);

    const crossed = lead.stageId !== stage.id;
    await run(
      db,
      sql`insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
          values (${randomUUID()}, ${organizationId}, ${lead.id}, ${actor.user.id},
                  ${crossed ? "stage_changed" : "reordered"},
                  ${crossed ? `Moveu de ${lead.stageName} para ${stage.name}` : `Mudou a posição em ${stage.name}`},
                  ${JSON.stringify({
                    fromStageId: lead.stageId,
                    toStageId: stage.id,
                    fromStageName: lead.stageName,
                    toStageName: stage.name,
                    afterLeadId: input.afterLeadId,
                  })}::jsonb,
                  now())`,
    );
    await recordEvent(db, organizationId, {
      type: "lead.moved",
      data: { leadId: lead.id, fromStageId: lead.stageId, toStageId: stage.id, afterLeadId: input.afterLeadId, version, position },
      actor: { id: actor.user.id, name: actor.user.fullName },
    });
    return { status: "moved", card: (await selectCard(db, organizationId, lead.id))! };
  });
}
