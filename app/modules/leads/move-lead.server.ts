import { randomUUID } from "node:crypto";
import type { BoardCard, BoardPerson } from "~/lib/board-client";
import { withOrganization, type Db } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { message } from "~/i18n/catalogue";
import { ORDERING_KEY_MAX_LENGTH, keyBetween } from "~/lib/ordering";
import { run, sql, type Fragment } from "~/utils/sql.server";
import { CARD_COLUMNS, selectCard } from "~/modules/board/board-sql.server";
import { lockedStageQuery } from "~/modules/board/lock-stage-column.server";
import type { RealtimeEvent } from "~/modules/realtime/events";
import { queueRecordedEvent, recordEventCtes, type RecordedEventRow } from "~/modules/realtime/record-event.server";

/** Who acts on the board: a member of the organization with their display name. */
export interface BoardActor {
  organizationId: string;
  user: BoardPerson;
}

/** A stale move is an answer, not a refusal (ADR 010): it carries the card the board reconciles with. */
export type MoveLeadResult =
  | { status: "moved" | "unchanged"; card: BoardCard }
  | { status: "stale"; card: BoardCard; movedBy: BoardPerson | null; change: StaleChange | null };

/** The lead, column or reference card a board write names is gone (or another tenant's): 404 `not_found`. */
export function goneFromBoard(key: "board.leadGone" | "board.stageGone" | "board.referenceGone") {
  return new DomainRefusal(message(key), { status: 404, code: "not_found" });
}

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
  if (!card) throw goneFromBoard("board.leadGone");
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
 *
 * A move is the board's hottest write, so it takes three statements: read the
 * lead while locking the target column; read the neighbours (a new snapshot,
 * taken once the lock is held, so no other writer's key is missed); then write
 * lead, activity and event in one statement that answers with the card.
 */
export async function moveLead(
  actor: BoardActor,
  input: { leadId: string; toStageId: string; afterLeadId: string | null; version: number },
): Promise<MoveLeadResult> {
  const { organizationId } = actor;
  return withOrganization(organizationId, async (db) => {
    const [lead] = await run<{
      id: string;
      stageId: string;
      stageName: string;
      position: string;
      version: number;
      toStageId: string | null;
      toStageName: string | null;
    }>(
      db,
      sql`select l.id, l.stage_id as "stageId", s.name as "stageName", l.position, l.version,
                 target.id as "toStageId", target.name as "toStageName"
            from leads l join pipeline_stages s on s.id = l.stage_id
            left join lateral (${lockedStageQuery(organizationId, input.toStageId)}) target on true
           where l.organization_id = ${organizationId} and l.id = ${input.leadId} and l.status <> 'archived'`,
    );
    if (!lead) throw goneFromBoard("board.leadGone");
    if (lead.version !== input.version) return staleResult(db, organizationId, lead.id);
    if (!lead.toStageId || lead.toStageName === null) throw goneFromBoard("board.stageGone");
    const stage = { id: lead.toStageId, name: lead.toStageName };

    // The new key goes between the reference card's key (or the top) and the next key in the column.
    // Archived leads keep their keys (they may come back), so they count as neighbours too.
    const nextKeyAfter = (lowerBound: Fragment) =>
      sql`select n.position from leads n
           where n.organization_id = ${organizationId} and n.stage_id = ${stage.id} and n.id <> ${lead.id}${lowerBound}
           order by n.position limit 1`;
    const [neighbours] = await run<{ previousKey: string | null; nextKey: string | null }>(
      db,
      input.afterLeadId
        ? sql`select r.position as "previousKey", (${nextKeyAfter(sql` and n.position > r.position`)}) as "nextKey"
                from leads r
               where r.organization_id = ${organizationId} and r.id = ${input.afterLeadId}
                 and r.stage_id = ${stage.id} and r.status <> 'archived'`
        : sql`select null as "previousKey", (${nextKeyAfter(sql``)}) as "nextKey"`,
    );
    if (!neighbours) throw goneFromBoard("board.referenceGone");
    const { previousKey, nextKey } = neighbours;
    const inPlace =
      lead.stageId === stage.id && (previousKey === null || previousKey < lead.position) && (nextKey === null || lead.position < nextKey);
    if (inPlace) return { status: "unchanged", card: (await selectCard(db, organizationId, lead.id))! };

    const position = keyBetween(previousKey, nextKey);
    if (position.length > ORDERING_KEY_MAX_LENGTH) {
      throw new DomainRefusal(message("board.noRoom"), { status: 422, code: "no_room" });
    }
    const version = lead.version + 1;
    const crossed = lead.stageId !== stage.id;
    const event = {
      type: "lead.moved",
      data: { leadId: lead.id, fromStageId: lead.stageId, toStageId: stage.id, afterLeadId: input.afterLeadId, version, position },
      actor: { id: actor.user.id, name: actor.user.fullName },
    } satisfies RealtimeEvent;
    const [written] = await run<BoardCard & { searchEmail: string | null; searchPhone: string | null } & RecordedEventRow>(
      db,
      sql`with moved as (
            update leads set stage_id = ${stage.id}, position = ${position}, version = ${version}, updated_at = now()
             where organization_id = ${organizationId} and id = ${lead.id} and version = ${input.version}
            returning *
          ), activity as (
            insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
            select ${randomUUID()}, organization_id, id, ${actor.user.id},
                   ${crossed ? "stage_changed" : "reordered"},
                   ${crossed ? `Moveu de ${lead.stageName} para ${stage.name}` : `Mudou a posição em ${stage.name}`},
                   ${JSON.stringify({
                     fromStageId: lead.stageId,
                     toStageId: stage.id,
                     fromStageName: lead.stageName,
                     toStageName: stage.name,
                     afterLeadId: input.afterLeadId,
                   })}::jsonb,
                   now()
              from moved
          ), ${recordEventCtes(organizationId, event, "moved")}
          select ${CARD_COLUMNS}, l.email as "searchEmail", l.phone as "searchPhone", e.event_id, e.created_at
            from moved l left join users u on u.id = l.assignee_id cross join recorded_event e`,
    );
    if (!written) return staleResult(db, organizationId, lead.id);
    const { event_id, created_at, searchEmail, searchPhone, ...card } = written;
    // Every open board learns the card from the event itself instead of asking for it (ADR 016).
    const search = { email: searchEmail, phone: searchPhone };
    queueRecordedEvent(db, organizationId, { ...event, data: { ...event.data, card, search } }, { event_id, created_at });
    return { status: "moved", card };
  });
}
