import type { BoardCard, ColumnPage } from "~/lib/board-client";
import { withOrganization } from "~/utils/db.server";
import type { BoardFilters } from "./board-filters.server";
import { run, sql } from "~/utils/sql.server";
import { columnPageQuery, toPage, type BoardViewer } from "./board-sql.server";

/** Cards per page as a column scrolls: a page ahead of the reader, one request at a time. */
const BOARD_PAGE_SIZE = 30;

/**
 * The next page of one column's filtered cards, after `cursor` (keyset on the
 * position, so a page costs the same deep in a 10,000-card column). Null when
 * the stage is not an active stage of the organization.
 */
export async function getColumnPage(
  viewer: BoardViewer,
  input: { stageId: string; cursor: string | null; filters: BoardFilters },
): Promise<ColumnPage | null> {
  return withOrganization(viewer.organizationId, async (db) => {
    const [stage] = await run<{ id: string }>(
      db,
      sql`select id from pipeline_stages where organization_id = ${viewer.organizationId} and id = ${input.stageId} and is_active`,
    );
    if (!stage) return null;
    const rows = await run<BoardCard>(db, columnPageQuery(viewer, input.filters, sql`${stage.id}`, input.cursor, BOARD_PAGE_SIZE));
    return toPage(rows, BOARD_PAGE_SIZE);
  });
}
