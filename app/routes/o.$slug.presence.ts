import type { ActionFunctionArgs } from "@remix-run/node";
import { parseForm } from "~/utils/forms.server";
import { requireMember } from "~/utils/membership.server";
import { presenceSchema } from "~/modules/realtime/presence-intents.server";
import { updatePresence } from "~/modules/realtime/update-presence.server";
import { hitRateLimits } from "~/modules/rate-limits/hit-rate-limits.server";
import { RATE_LIMITS } from "~/modules/rate-limits/policies";
import { minutesToWait, retryAfterHeader } from "~/utils/refusal.server";
import { getRequestI18n } from "~/utils/request-locale.server";

const STATUS = { locked: 409, unavailable: 503, "not-found": 404 } as const;
const MESSAGE = { unavailable: "presence.unavailable", "not-found": "board.leadGone" } as const;

/**
 * Drag soft locks: viewers watch the board but cannot drag, so this needs the
 * move permission. A resource route answers with Response objects (`data()`
 * would be serialized as a 200 here).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "lead:move");
  const i18n = await getRequestI18n(request, context);
  const limit = await hitRateLimits([{ policy: RATE_LIMITS.presenceSession, subject: member.user.sessionId }]);
  if (!limit.allowed) {
    const message = i18n.t("errors.rateLimited", { count: minutesToWait(limit.retryAfterSeconds) });
    return Response.json({ ok: false, error: "rate_limited", message }, { status: 429, headers: retryAfterHeader(limit.retryAfterSeconds) });
  }
  const form = await parseForm(request, presenceSchema, i18n);
  if (!form.success) return Response.json({ fieldErrors: form.fieldErrors, formError: null }, { status: 400 });
  const result = await updatePresence(member, form.data);
  if (result.ok) return Response.json(result);
  const message = result.error === "locked" ? i18n.t("presence.locked", { name: result.lockedBy.fullName }) : i18n.t(MESSAGE[result.error]);
  return Response.json({ ...result, message }, { status: STATUS[result.error] });
}
