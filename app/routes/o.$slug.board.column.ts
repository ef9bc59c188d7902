import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireMember } from "~/utils/membership.server";
import { parseBoardFilters } from "~/modules/board/board-filters.server";
import { columnQuerySchema } from "~/modules/board/column-query.server";
import { getColumnPage } from "~/modules/board/get-column-page.server";
import { getRequestI18n } from "~/utils/request-locale.server";

/** The next page of one column's cards (`?stageId=…&cursor=…` plus the board's filters). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { organization, user } = await requireMember(request, params.slug, "board:view");
  const search = new URL(request.url).searchParams;
  const query = columnQuerySchema.safeParse({ stageId: search.get("stageId") ?? undefined, cursor: search.get("cursor") ?? undefined });
  if (!query.success) return Response.json({ message: (await getRequestI18n(request, context)).t("board.invalidColumnQuery") }, { status: 400 });
  const page = await getColumnPage(
    { organizationId: organization.id, userId: user.id },
    { ...query.data, filters: parseBoardFilters(search) },
  );
  if (!page) notFound();
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
}
