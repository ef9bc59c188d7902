import type { BoardCard, CardsRefresh, StageTotals } from "~/lib/board-client";
import { withOrganization } from "~/utils/db.server";
import type { BoardFilters } from "./board-filters.server";
import { run, sql } from "~/utils/sql.server";
import { boardLeadsWhere, CARD_COLUMNS, CARD_FROM, stageTotalsQuery, type BoardViewer } from "./board-sql.server";

/**
 * What a client needs after an event: the named cards as the board shows
 * them with these filters (null when deleted, archived, in another tenant or
 * filtered out) and every active column's fresh totals, from one snapshot.
 */
export async function getCards(viewer: BoardViewer, input: { ids: string[]; filters: BoardFilters }): Promise<CardsRefresh> {
  return withOrganization(viewer.organizationId, async (db) => {
    const cards = input.ids.length
      ? sql`select ${CARD_COLUMNS} from ${CARD_FROM} where ${boardLeadsWhere(viewer, input.filters)} and l.id in (${input.ids})`
      : sql`select ${CARD_COLUMNS} from ${CARD_FROM} where false`;
    const [row] = await run<{ cards: BoardCard[]; stages: StageTotals[] }>(
      db,
      sql`select (select coalesce(json_agg(c), '[]') from (${cards}) c) as cards,
                 (select coalesce(json_agg(t), '[]') from (${stageTotalsQuery(viewer, input.filters)}) t) as stages`,
    );
    const found = new Map(row.cards.map((card) => [card.id, card]));
    return { cards: Object.fromEntries(input.ids.map((id) => [id, found.get(id) ?? null])), stages: row.stages };
  });
}
