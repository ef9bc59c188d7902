import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/utils/membership.server";
import { parseBoardFilters } from "~/modules/board/board-filters.server";
import { cardIdsSchema, MAX_CARD_IDS } from "~/modules/board/card-ids.server";
import { getCards } from "~/modules/board/get-cards.server";
import { getRequestI18n } from "~/utils/request-locale.server";

/**
 * Cards by id as the board shows them with its filters (null: deleted or
 * filtered out) and every column's fresh totals: what a client fetches to
 * apply an event.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { organization, user } = await requireMember(request, params.slug, "board:view");
  const search = new URL(request.url).searchParams;
  const ids = cardIdsSchema.safeParse(search.get("ids") ?? "");
  if (!ids.success) return Response.json({ message: (await getRequestI18n(request, context)).t("board.tooManyIds", { max: MAX_CARD_IDS }) }, { status: 400 });
  const refresh = await getCards({ organizationId: organization.id, userId: user.id }, { ids: ids.data, filters: parseBoardFilters(search) });
  return Response.json(refresh, { headers: { "Cache-Control": "no-store" } });
}
