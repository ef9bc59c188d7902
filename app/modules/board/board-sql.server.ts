/**
 * SQL shared by the board's read paths (the page loader, a column's next page,
 * cards by id) and the move/create actions, so that a card and a column's
 * totals mean exactly the same thing wherever they are computed.
 */
import type { Db } from "~/utils/db.server";
import { run, sql, type Fragment } from "~/utils/sql.server";
import type { BoardCard, StageTotals } from "~/lib/board-client";
import type { BoardFilters } from "./board-filters.server";

/** Whose board it is: "mine" in the filters means this user. */
export interface BoardViewer {
  organizationId: string;
  userId: string;
}

function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The leads (alias `l`) a board shows with these filters: the organization's
 * leads that are not archived. The organization is named explicitly although
 * row-level security enforces it too, so the planner can use the
 * organization-first indexes.
 */
export function boardLeadsWhere(viewer: BoardViewer, filters: BoardFilters): Fragment {
  const parts: Fragment[] = [sql`l.organization_id = ${viewer.organizationId} and l.status <> 'archived'`];
  if (filters.assignee === "none") parts.push(sql`l.assignee_id is null`);
  else if (filters.assignee) parts.push(sql`l.assignee_id = ${filters.assignee === "mine" ? viewer.userId : filters.assignee}`);
  if (filters.source) parts.push(sql`l.source = ${filters.source}`);
  if (filters.tag) parts.push(sql`l.tags @> array[${filters.tag}]::text[]`);
  if (filters.priority) parts.push(sql`l.priority = ${filters.priority}`);
  if (filters.min) parts.push(sql`l.estimated_value >= ${filters.min}::numeric`);
  if (filters.max) parts.push(sql`l.estimated_value <= ${filters.max}::numeric`);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    const text = sql`l.full_name ilike ${pattern} or l.company ilike ${pattern} or l.email ilike ${pattern}`;
    // Phones are stored as E.164; people type them with spaces, dashes and parentheses.
    const digits = filters.q.replace(/\D/g, "");
    const search = digits.length >= 4 ? sql`${text} or l.phone like ${`%${digits}%`}` : text;
    parts.push(sql`(${search})`);
  }
  return parts.reduce((all, part) => sql`${all} and ${part}`);
}

/**
 * A `BoardCard` per row of `leads l left join users u on u.id = l.assignee_id`,
 * with the wire names, so rows and `json_agg` of rows both come out as cards.
 */
export const CARD_COLUMNS: Fragment = sql`
  l.id,
  l.version,
  l.stage_id as "stageId",
  l.position,
  l.full_name as "fullName",
  l.company,
  l.estimated_value::text as "estimatedValue",
  l.source,
  l.priority,
  l.tags,
  case when u.id is null then null else json_build_object('id', u.id, 'fullName', u.full_name) end as assignee,
  to_char(l.last_contact_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "lastContactAt",
  l.last_contact_channel as "lastContactChannel",
  to_char(l.last_inbound_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "lastInboundAt",
  l.unread_count as "unreadCount",
  l.ai_sentiment as "aiSentiment",
  to_char(l.ai_summary_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "aiSummaryAt"`;

export const CARD_FROM: Fragment = sql`leads l left join users u on u.id = l.assignee_id`;

/** Cards of one stage after `cursor` (a position; null = from the top), one more than a page to tell if more follow. */
export function columnPageQuery(viewer: BoardViewer, filters: BoardFilters, stage: Fragment, cursor: string | null, pageSize: number) {
  const after = cursor === null ? sql`` : sql` and l.position > ${cursor}`;
  return sql`
    select ${CARD_COLUMNS} from ${CARD_FROM}
    where ${boardLeadsWhere(viewer, filters)} and l.stage_id = ${stage}${after}
    order by l.position
    limit ${pageSize + 1}`;
}

/** Splits a page query's rows into the page and the cursor of the next one. */
export function toPage(rows: BoardCard[], pageSize: number) {
  const leads = rows.slice(0, pageSize);
  return { leads, nextCursor: rows.length > pageSize ? leads[leads.length - 1].position : null };
}

/** Count and value sum of each active stage's filtered leads, in board order. */
export function stageTotalsQuery(viewer: BoardViewer, filters: BoardFilters) {
  return sql`
    select s.id, coalesce(t.count, 0)::int as count, round(coalesce(t.total, 0), 2)::text as "totalValue"
    from pipeline_stages s
    left join (
      select l.stage_id, count(*) as count, sum(l.estimated_value) as total
      from leads l where ${boardLeadsWhere(viewer, filters)}
      group by l.stage_id
    ) t on t.stage_id = s.id
    where s.organization_id = ${viewer.organizationId} and s.is_active
    order by s.position, s.id`;
}

export async function selectStageTotals(db: Db, viewer: BoardViewer, filters: BoardFilters): Promise<StageTotals[]> {
  return run<StageTotals>(db, stageTotalsQuery(viewer, filters));
}

/** One card by id, whatever the filters (what a move or a quick add answers with); null if not visible. */
export async function selectCard(db: Db, organizationId: string, leadId: string): Promise<BoardCard | null> {
  const [card] = await run<BoardCard>(
    db,
    sql`select ${CARD_COLUMNS} from ${CARD_FROM} where l.organization_id = ${organizationId} and l.id = ${leadId}`,
  );
  return card ?? null;
}
