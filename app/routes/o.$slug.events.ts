import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/utils/membership.server";
import { streamEvents } from "~/modules/realtime/stream-events.server";

/** The organization's live event stream (Server-Sent Events), resumable with Last-Event-ID. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.slug, "board:view");
  return streamEvents(member, request, context.clientConnection);
}
