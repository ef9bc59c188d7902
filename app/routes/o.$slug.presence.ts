import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseForm } from "~/utils/forms.server";
import { requireMember } from "~/utils/membership.server";
import { updatePresence } from "~/modules/realtime/update-presence.server";

const presenceSchema = z.object({
  intent: z.enum(["drag-start", "heartbeat", "drag-end"], { error: "Ação desconhecida." }),
  leadId: z.uuid({ error: "Lead inválido." }),
});

const STATUS = { locked: 409, unavailable: 503 } as const;

/**
 * Drag soft locks: viewers watch the board but cannot drag, so this needs the
 * move permission. A resource route answers with Response objects (`data()`
 * would be serialized as a 200 here).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "lead:move");
  const form = await parseForm(request, presenceSchema);
  if (!form.success) return Response.json({ fieldErrors: form.fieldErrors, formError: null }, { status: 400 });
  const result = await updatePresence(member, form.data);
  return Response.json(result, { status: result.ok ? 200 : STATUS[result.error] });
}
