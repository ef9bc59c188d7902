import type { BoardCard, BoardPerson, BoardStage } from "~/lib/board-client";
import { withOrganization } from "~/utils/db.server";
import type { BoardFilters } from "./board-filters.server";
import { run, sql } from "~/utils/sql.server";
import { boardLeadsWhere, CARD_COLUMNS, CARD_FROM, toPage, type BoardViewer } from "./board-sql.server";

/**
 * Cards per column in the board document: about what a tall screen shows, so
 * the first paint costs the same with 100 leads or 10,000; the rest of a
 * column comes a page at a time as it scrolls (get-column-page.server.ts).
 */
const BOARD_FIRST_PAGE = 10;

interface Facets {
  sources: string[];
  tags: string[];
}

interface BoardRow {
  stages: (Omit<BoardStage, "leads" | "nextCursor"> & { leads: BoardCard[] })[];
  members: BoardPerson[];
  /** Null when the facets this process holds for `lastEventId` still hold. */
  sources: string[] | null;
  tags: string[] | null;
  lastEventId: string;
}

/**
 * The sources and tags to filter by, per organization, with the event id they
 * were read at. Reading the tags means unnesting every lead's tags, the most
 * expensive part of the board; but they only change when a lead changes, and
 * every lead change records an event (the live board depends on that too), so
 * they stay valid for as long as the organization's last event id does.
 */
const facetsByOrganization = new Map<string, { eventId: number; facets: Facets }>();
const FACETS_KEPT = 1_000;

function rememberFacets(organizationId: string, eventId: number, facets: Facets) {
  facetsByOrganization.delete(organizationId);
  facetsByOrganization.set(organizationId, { eventId, facets });
  if (facetsByOrganization.size > FACETS_KEPT) facetsByOrganization.delete(facetsByOrganization.keys().next().value!);
}

/**
 * The organization's active stages in order, each with the count and value
 * sum of its filtered leads and its first few cards; the members; the
 * sources and tags to filter by; and the id of the last event already
 * reflected in all of that.
 *
 * One statement, so one snapshot: a client that subscribes to events after
 * `lastEventId` gets exactly the changes this board does not show yet (event
 * ids are allocated under a row lock held until commit, so every event up to
 * `lastEventId` belongs to a transaction this snapshot sees).
 */
export async function getBoard(viewer: BoardViewer, filters: BoardFilters) {
  return withOrganization(viewer.organizationId, async (db) => {
    const organizationId = viewer.organizationId;
    const where = boardLeadsWhere(viewer, filters);
    const unfiltered = sql`l.organization_id = ${organizationId} and l.status <> 'archived'`;
    const cached = facetsByOrganization.get(organizationId);
    // PostgreSQL runs a subquery the first time its value is needed: when the facets are still valid, never.
    const stale = sql`event.id <> ${cached?.eventId ?? -1}`;
    const [row] = await run<BoardRow>(
      db,
      sql`
      with totals as (
        select l.stage_id, count(*) as count, sum(l.estimated_value) as total
        from leads l where ${where}
        group by l.stage_id
      )
      select
        (select coalesce(json_agg(x order by x.position, x.id), '[]')
           from (
             select s.id, s.name, s.color, s.position,
                    coalesce(t.count, 0)::int as count,
                    round(coalesce(t.total, 0), 2)::text as "totalValue",
                    (select coalesce(json_agg(c order by c.position), '[]')
                       from (select ${CARD_COLUMNS} from ${CARD_FROM}
                             where ${where} and l.stage_id = s.id
                             order by l.position
                             limit ${BOARD_FIRST_PAGE + 1}) c) as leads
             from pipeline_stages s
             left join totals t on t.stage_id = s.id
             where s.organization_id = ${organizationId} and s.is_active
           ) x) as stages,
        (select coalesce(json_agg(json_build_object('id', u.id, 'fullName', u.full_name) order by u.full_name, u.id), '[]')
           from organization_members m join users u on u.id = m.user_id
           where m.organization_id = ${organizationId}) as members,
        -- A skip scan: one index probe per distinct source instead of reading every lead.
        case when ${stale} then array(
          with recursive found(source) as (
            (select l.source from leads l where ${unfiltered} and l.source is not null order by l.source limit 1)
            union all
            select (select l.source from leads l where ${unfiltered} and l.source > found.source order by l.source limit 1)
              from found where found.source is not null
          )
          select source from found where source is not null
        ) end as sources,
        -- unnest in the select list (one pass over an index-only scan) is several times cheaper than a lateral join.
        case when ${stale} then array(
          select distinct tag from (select unnest(l.tags) as tag from leads l where ${unfiltered}) tags order by 1
        ) end as tags,
        event.id as "lastEventId"
      from (select coalesce((select r.last_event_id from realtime_sequences r where r.organization_id = ${organizationId}), 0) as id) event`,
    );
    const lastEventId = Number(row.lastEventId);
    let facets = cached?.facets;
    if (row.sources && row.tags) {
      facets = { sources: row.sources, tags: row.tags };
      rememberFacets(organizationId, lastEventId, facets);
    }
    return {
      stages: row.stages.map(
        ({ id, name, color, count, totalValue, leads }): BoardStage => ({
          id,
          name,
          color,
          count,
          totalValue,
          ...toPage(leads, BOARD_FIRST_PAGE),
        }),
      ),
      members: row.members,
      facets: facets!,
      lastEventId,
    };
  });
}
