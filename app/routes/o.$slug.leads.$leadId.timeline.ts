import type { LoaderFunctionArgs } from "@remix-run/node";
import { leadIdSchema } from "~/modules/leads/lead-id.server";
import { getTimelinePage } from "~/modules/timeline/get-timeline-page.server";
import { decodeTimelineCursor } from "~/modules/timeline/timeline-cursor.server";
import { notFound, requireMember } from "~/utils/membership.server";
import { getRequestI18n } from "~/utils/request-locale.server";

/** An older page of a lead's timeline (`?before=` the cursor the previous page ended with), as JSON. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug, "lead:view");
  const leadId = leadIdSchema.safeParse(params.leadId);
  if (!leadId.success) notFound();
  const before = decodeTimelineCursor(new URL(request.url).searchParams.get("before") ?? "");
  if (!before) return Response.json({ message: (await getRequestI18n(request, context)).t("timeline.badCursor") }, { status: 400 });
  const page = await getTimelinePage(organization.id, leadId.data, before);
  if (!page) notFound();
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
}
