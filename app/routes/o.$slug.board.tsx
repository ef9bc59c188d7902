import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, type ClientActionFunctionArgs, type ShouldRevalidateFunction } from "@remix-run/react";
import { Board } from "~/components/board/board";
import { invalidForm, parseFormData, readFormData } from "~/utils/forms.server";
import { requireMember, requirePermission } from "~/utils/membership.server";
import { parseBoardFilters } from "~/modules/board/board-filters.server";
import { boardIntentSchema } from "~/modules/board/board-intents.server";
import { getBoard } from "~/modules/board/get-board.server";
import { getLeadVisits } from "~/modules/board/get-lead-visits.server";
import { createLead } from "~/modules/leads/create-lead.server";
import { moveLead, type StaleChange } from "~/modules/leads/move-lead.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { refusedJson } from "~/utils/refusal.server";
import { pageTitle } from "~/i18n/meta";
import { getTranslator, type Translator } from "~/i18n/translator";
import { isLocale } from "~/i18n/locales";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "board.pageTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization, role, user } = await requireMember(request, params.slug, "board:view");
  const filters = parseBoardFilters(new URL(request.url).searchParams);
  const viewer = { organizationId: organization.id, userId: user.id };
  const [board, leadVisits] = await Promise.all([getBoard(viewer, filters), getLeadVisits(viewer)]);
  return { organization, role, me: { id: user.id, fullName: user.fullName }, filters, ...board, leadVisits, now: Date.now() };
}

/** "Ana moveu este lead para Proposta há 2 minutos" / "Ana moved this lead to Proposal 2 minutes ago". */
function describeStaleChange(i18n: Translator, change: StaleChange | null) {
  if (!change) return i18n.t("board.stale.unknown");
  const when = i18n.relative(change.at);
  return change.kind === "moved"
    ? i18n.t("board.stale.moved", { name: change.by, stage: change.stageName, when })
    : i18n.t("board.stale.edited", { name: change.by, when });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "board:view");
  const i18n = await getRequestI18n(request, context);
  const submitted = await readFormData(request, i18n);
  requirePermission(member, submitted.get("intent") === "create" ? "lead:create" : "lead:move");
  const form = parseFormData(submitted, boardIntentSchema, i18n);
  if (!form.success) return invalidForm({ fieldErrors: form.fieldErrors });
  const input = form.data;
  const actor = { organizationId: member.organization.id, user: { id: member.user.id, fullName: member.user.fullName } };

  try {
    if (input.intent === "move") {
      const result = await moveLead(actor, input);
      if (result.status !== "stale") return { ok: true as const, card: result.card };
      return data(
        { ok: false as const, error: "stale", message: describeStaleChange(i18n, result.change), card: result.card, movedBy: result.movedBy },
        { status: 409 },
      );
    }
    const card = await createLead(actor, {
      stageId: input.stageId,
      fullName: input.fullName,
      phone: input.phone ?? null,
      company: input.company ?? null,
      estimatedValue: input.estimatedValue ?? null,
    });
    return { ok: true as const, card };
  } catch (error) {
    const refused = refusedJson(error, i18n);
    if (refused) return refused;
    throw error;
  }
}

/**
 * A move or quick add answers with its card and the event stream brings the
 * totals: running the loader again after each would drop the pages scrolled in.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, formAction, formData, defaultShouldRevalidate }) => {
  // A call placed from a card's menu posts to the lead's page: what it changes on the board arrives as events.
  if (formMethod?.toUpperCase() === "POST" && formAction && /\/leads\/[^/?]+$/.test(formAction)) return false;
  const intent = formData?.get("intent");
  return formMethod?.toUpperCase() === "POST" && (intent === "move" || intent === "create") ? false : defaultShouldRevalidate;
};

/** No answer (network down) becomes an error the board explains, instead of the error page replacing the board. */
export async function clientAction({ serverAction }: ClientActionFunctionArgs) {
  try {
    return await serverAction<typeof action>();
  } catch (error) {
    if (error instanceof Response || isRouteErrorResponse(error)) throw error;
    const lang = document.documentElement.lang;
    return { ok: false as const, error: "network", message: getTranslator(isLocale(lang) ? lang : "pt-BR").t("errors.network") };
  }
}

export default function BoardPage() {
  return <Board />;
}
