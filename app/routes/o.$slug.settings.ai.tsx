import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormAlert, FormNotice } from "~/components/auth-card";
import { AiLimitCard, AiProviderCard, AiSwitchCard, AiUsageCard } from "~/components/ai-settings/ai-settings-cards";
import { parseFormData, readFormData, type FieldErrors } from "~/utils/forms.server";
import { requireMember } from "~/utils/membership.server";
import { getRequestMeta } from "~/utils/request.server";
import { describeRefusal } from "~/utils/refusal.server";
import { aiSettingsIntentSchema } from "~/modules/ai/settings/ai-settings-intents.server";
import { getAiSettings } from "~/modules/ai/settings/get-ai-settings.server";
import { updateAiSettings } from "~/modules/ai/settings/update-ai-settings.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "ai.settings.pageTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug, "ai:manage");
  return { organization, settings: await getAiSettings(organization.id) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "ai:manage");
  const i18n = await getRequestI18n(request, context);
  const { t } = i18n;
  const form = await readFormData(request, i18n);
  const target = { intent: String(form.get("intent") ?? "") };
  const reply = (status: number, body: { fieldErrors?: FieldErrors; formError?: string | null; notice?: string | null }) =>
    data({ ...target, fieldErrors: {}, formError: null, notice: null, ...body }, { status });

  const parsed = parseFormData(form, aiSettingsIntentSchema, i18n);
  if (!parsed.success) {
    const known = Object.keys(parsed.fieldErrors).length > 0;
    return reply(400, { fieldErrors: parsed.fieldErrors, formError: known ? t("errors.fixFields") : t("errors.unknownAction") });
  }
  const input = parsed.data;
  const actor = { organizationId: member.organization.id, userId: member.user.id, meta: getRequestMeta(request, context) };
  try {
    switch (input.intent) {
      case "set-enabled": {
        const { fields } = await updateAiSettings(actor, { enabled: input.enabled });
        if (!fields.length) return reply(200, { notice: t("ai.settings.notice.unchanged") });
        return reply(200, { notice: input.enabled ? t("ai.settings.notice.enabled") : t("ai.settings.notice.disabled") });
      }
      case "set-limit": {
        const { fields } = await updateAiSettings(actor, { monthlyLimit: input.monthlyLimit });
        return reply(200, { notice: fields.length ? t("ai.settings.notice.limitSaved", { limit: input.monthlyLimit }) : t("ai.settings.notice.unchanged") });
      }
    }
  } catch (error) {
    const refused = describeRefusal(error, i18n);
    if (!refused) throw error;
    return reply(refused.status, { fieldErrors: refused.fieldErrors, formError: refused.formError });
  }
}

export default function AiSettingsPage() {
  const { organization, settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const busy = navigation.state !== "idle";
  return (
    <main className="mx-auto grid w-full max-w-3xl gap-4 p-3 sm:p-4">
      <div>
        <h1 className="text-xl font-semibold">{t("ai.settings.title")}</h1>
        <p className="text-sm text-muted-foreground">{t("ai.settings.description", { organization: organization.name })}</p>
      </div>
      <FormAlert message={actionData?.formError} />
      <FormNotice message={actionData?.notice} />
      {settings.limitReached ? (
        <p data-ai-limit-reached className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm">
          {t("ai.settings.limitReached")}
        </p>
      ) : null}
      <AiSwitchCard settings={settings} busy={busy} />
      <AiProviderCard provider={settings.provider} />
      <AiLimitCard monthlyLimit={settings.monthlyLimit} busy={busy} errors={actionData?.intent === "set-limit" ? actionData.fieldErrors : {}} />
      <AiUsageCard settings={settings} timeZone={organization.timeZone} />
    </main>
  );
}
