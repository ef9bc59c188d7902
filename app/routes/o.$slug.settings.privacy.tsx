import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormAlert, FormNotice } from "~/components/auth-card";
import { RetentionForm } from "~/components/privacy-settings/retention-form";
import { PrivacyRequests } from "~/components/privacy-settings/privacy-requests";
import type { DeletionPreview } from "~/components/privacy-settings/deletion-preview";
import { usePrivacyLive } from "~/components/privacy-settings/use-privacy-live";
import { RetentionRuns } from "~/components/privacy-settings/retention-runs";
import { can } from "~/lib/permissions";
import { parseFormData, readFormData, type FieldErrors } from "~/utils/forms.server";
import { requireMember, requirePermission } from "~/utils/membership.server";
import { getRequestMeta } from "~/utils/request.server";
import { describeRefusal } from "~/utils/refusal.server";
import { getRetentionPolicy } from "~/modules/privacy/get-retention-policy.server";
import { retentionIntentSchema } from "~/modules/privacy/retention-intents.server";
import { updateRetentionPolicy } from "~/modules/privacy/update-retention-policy.server";
import { closePrivacyRequest } from "~/modules/privacy/close-privacy-request.server";
import { createPrivacyRequest } from "~/modules/privacy/create-privacy-request.server";
import { retryPrivacyRequest } from "~/modules/privacy/retry-privacy-request.server";
import { UnconfirmedDeletion } from "~/modules/privacy/unconfirmed-deletion.server";
import { listPrivacyRequests } from "~/modules/privacy/list-privacy-requests.server";
import { PRIVACY_REQUEST_INTENTS, privacyRequestIntentSchema } from "~/modules/privacy/request-intents.server";
import type { MemberContext } from "~/utils/membership.server";
import type { Translator } from "~/i18n/translator";
import { getRetentionOverview, UPCOMING_CAP } from "~/modules/retention/get-retention-overview.server";
import { requestRetentionRun } from "~/modules/retention/request-retention-run.server";
import { retentionRunIntentSchema } from "~/modules/retention/retention-run-intents.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.pageTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireMember(request, params.slug, "privacy:manage");
  const [retention, requests, overview] = await Promise.all([
    getRetentionPolicy(organization.id),
    listPrivacyRequests(organization.id),
    getRetentionOverview(organization.id),
  ]);
  return { organization, retention, ...requests, retentionRuns: { overview, cap: UPCOMING_CAP, canRun: can(role, "privacy:run-retention") } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "privacy:manage");
  const i18n = await getRequestI18n(request, context);
  const { t } = i18n;
  const form = await readFormData(request, i18n);
  const target = { intent: String(form.get("intent") ?? "") };
  const reply = (status: number, body: AnswerBody) => data({ ...target, fieldErrors: {}, formError: null, notice: null, preview: null, ...body }, { status });
  if (PRIVACY_REQUEST_INTENTS.includes(target.intent)) return reply(...(await answerRequestIntent(form, member, i18n, getRequestMeta(request, context))));

  if (target.intent === "run-retention") {
    requirePermission(member, "privacy:run-retention");
    if (!parseFormData(form, retentionRunIntentSchema, i18n).success) return reply(400, { formError: t("errors.unknownAction") });
    try {
      await requestRetentionRun({ organizationId: member.organization.id, userId: member.user.id });
      return reply(202, { notice: t("privacy.retention.started") });
    } catch (error) {
      const refused = describeRefusal(error, i18n);
      if (!refused) throw error;
      return reply(refused.status, { formError: refused.formError });
    }
  }

  const parsed = parseFormData(form, retentionIntentSchema, i18n);
  if (!parsed.success) {
    const known = Object.keys(parsed.fieldErrors).length > 0;
    return reply(400, { fieldErrors: parsed.fieldErrors, formError: known ? t("errors.fixFields") : t("errors.unknownAction") });
  }
  const { intent: _intent, ...days } = parsed.data;
  const actor = { organizationId: member.organization.id, userId: member.user.id, meta: getRequestMeta(request, context) };
  try {
    const { kinds } = await updateRetentionPolicy(actor, days);
    return reply(200, { notice: kinds.length ? t("privacy.notice.saved") : t("privacy.notice.unchanged") });
  } catch (error) {
    const refused = describeRefusal(error, i18n);
    if (!refused) throw error;
    return reply(refused.status, { fieldErrors: refused.fieldErrors, formError: refused.formError });
  }
}

type AnswerBody = { fieldErrors?: FieldErrors; formError?: string | null; notice?: string | null; preview?: DeletionPreview | null };
type Answer = [status: number, body: AnswerBody];

/** The data-subject request intents (create-request, close-request, retry-request): the answer the action replies with. */
async function answerRequestIntent(form: FormData, member: MemberContext, i18n: Translator, meta: ReturnType<typeof getRequestMeta>): Promise<Answer> {
  const { t } = i18n;
  const parsed = parseFormData(form, privacyRequestIntentSchema, i18n);
  // A lead page's form has no field to show a bad lead id on: it goes above the list.
  if (!parsed.success) return [400, { fieldErrors: parsed.fieldErrors, formError: parsed.fieldErrors.leadId?.[0] ?? t("errors.fixFields") }];
  const actor = { organizationId: member.organization.id, userId: member.user.id, userName: member.user.fullName, meta };
  const input = parsed.data;
  try {
    if (input.intent === "close-request") {
      await closePrivacyRequest(actor, input.requestId);
      return [200, { notice: t("privacy.requests.notice.closed") }];
    }
    if (input.intent === "retry-request") {
      await retryPrivacyRequest(actor, input.requestId);
      return [200, { notice: t("privacy.requests.notice.retried") }];
    }
    const subject = input.leadId ? { leadId: input.leadId } : input.subject!;
    const created = await createPrivacyRequest(actor, { kind: input.kind, subject, requesterContact: input.requesterContact, confirmLeadIds: input.confirmLeadIds });
    return [200, { notice: t("privacy.requests.notice.created", { count: created.leadCount }) }];
  } catch (error) {
    // The first step of a deletion (200), or a confirmation for leads that changed since (409): the leads found now, to confirm.
    if (error instanceof UnconfirmedDeletion) {
      const typed = (name: string) => (typeof form.get(name) === "string" && form.get(name) !== "" ? String(form.get(name)) : null);
      const preview = { leads: error.leads, leadId: typed("leadId"), subject: typed("subject"), requesterContact: String(form.get("requesterContact")) };
      return [error.stale ? 409 : 200, { preview, formError: error.stale ? t("privacy.requests.preview.changed") : null }];
    }
    const refused = describeRefusal(error, i18n);
    if (!refused) throw error;
    return [refused.status, { fieldErrors: refused.fieldErrors, formError: refused.formError ?? Object.values(refused.fieldErrors)[0]?.[0] ?? null }];
  }
}

export default function PrivacySettingsPage() {
  const { organization, retention, requests, lastEventId, retentionRuns } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  usePrivacyLive(organization.slug, lastEventId);
  return (
    <main className="mx-auto grid w-full max-w-3xl gap-4 p-3 sm:p-4">
      <div>
        <h1 className="text-xl font-semibold">{t("privacy.pageTitle")}</h1>
        <p className="text-sm text-muted-foreground">{t("privacy.description", { organization: organization.name })}</p>
      </div>
      <FormAlert message={actionData?.formError} />
      <FormNotice message={actionData?.notice} />
      <RetentionForm
        settings={retention}
        timeZone={organization.timeZone}
        busy={navigation.state !== "idle"}
        errors={actionData?.intent === "update-retention" ? actionData.fieldErrors : {}}
      />
      <RetentionRuns {...retentionRuns} timeZone={organization.timeZone} busy={navigation.state !== "idle"} />
      <PrivacyRequests
        slug={organization.slug}
        timeZone={organization.timeZone}
        requests={requests}
        busy={navigation.state !== "idle"}
        errors={actionData?.intent === "create-request" ? actionData.fieldErrors : {}}
        preview={actionData?.preview ?? null}
      />
    </main>
  );
}
