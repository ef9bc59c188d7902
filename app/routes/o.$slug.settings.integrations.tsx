import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormAlert, FormNotice } from "~/components/auth-card";
import { ConnectionCard } from "~/components/integrations/connection-card";
import { NewConnectionForm } from "~/components/integrations/connection-forms";
import { SetupSteps } from "~/components/integrations/setup-steps";
import { TwilioConnectionCard, TwilioSetupSteps } from "~/components/integrations/twilio-connection-card";
import { NewTwilioConnectionForm } from "~/components/integrations/twilio-connection-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { parseFormData, readFormData, type FieldErrors } from "~/utils/forms.server";
import { notFound, requireMember } from "~/utils/membership.server";
import { getRequestMeta } from "~/utils/request.server";
import { describeRefusal } from "~/utils/refusal.server";
import { getEnv } from "~/utils/env.server";
import { integrationIntentSchema } from "~/modules/integrations/integration-intents.server";
import { createWhatsAppConnection } from "~/modules/whatsapp/create-whatsapp-connection.server";
import { disconnectWhatsAppConnection } from "~/modules/whatsapp/disconnect-whatsapp-connection.server";
import { listWhatsAppConnections } from "~/modules/whatsapp/list-whatsapp-connections.server";
import { requestTemplateSync } from "~/modules/whatsapp/request-template-sync.server";
import { rotateWhatsAppConnection } from "~/modules/whatsapp/rotate-whatsapp-connection.server";
import { updateWhatsAppConnection } from "~/modules/whatsapp/update-whatsapp-connection.server";
import { createTwilioConnection } from "~/modules/twilio/create-twilio-connection.server";
import { disconnectTwilioConnection } from "~/modules/twilio/disconnect-twilio-connection.server";
import { listTwilioConnections } from "~/modules/twilio/list-twilio-connections.server";
import { rotateTwilioConnection } from "~/modules/twilio/rotate-twilio-connection.server";
import { updateTwilioConnection } from "~/modules/twilio/update-twilio-connection.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "integrations.pageTitle");

/** Where Meta reaches this app: the public URL when configured, else the address this page was asked for. (Twilio's URLs are always APP_URL's: it signs them.) */
function webhookBaseOf(request: Request) {
  return (getEnv().APP_URL ?? new URL(request.url).origin).replace(/\/$/, "");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug, "integration:manage");
  return {
    organization,
    webhookBase: `${webhookBaseOf(request)}/webhooks/whatsapp/`,
    connections: await listWhatsAppConnections(organization.id),
    twilioConnections: await listTwilioConnections(organization.id),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "integration:manage");
  const i18n = await getRequestI18n(request, context);
  const { t } = i18n;
  const form = await readFormData(request, i18n);
  const target = { intent: String(form.get("intent") ?? ""), connectionId: String(form.get("connectionId") ?? "") };
  // Answers name the form they belong to and never echo what was posted: secrets stay where they were typed.
  const reply = (status: number, body: { fieldErrors?: FieldErrors; formError?: string | null; notice?: string | null }) =>
    data({ ...target, fieldErrors: {}, formError: null, notice: null, ...body }, { status });

  const parsed = parseFormData(form, integrationIntentSchema, i18n);
  if (!parsed.success) {
    const known = Object.keys(parsed.fieldErrors).length > 0;
    return reply(400, { fieldErrors: parsed.fieldErrors, formError: known ? t("errors.fixFields") : t("errors.unknownAction") });
  }
  const input = parsed.data;
  const actor = { organizationId: member.organization.id, userId: member.user.id, meta: getRequestMeta(request, context) };
  try {
    switch (input.intent) {
      case "create-connection": {
        await createWhatsAppConnection(actor, input);
        return reply(200, { notice: t("integrations.notice.created", { name: input.name }) });
      }
      case "update-connection": {
        const updated = await updateWhatsAppConnection(actor, input);
        if (!updated) notFound();
        return reply(200, { notice: updated.fields.length ? t("integrations.notice.updated") : t("integrations.notice.unchanged") });
      }
      case "rotate-connection":
        if (!(await rotateWhatsAppConnection(actor, input))) notFound();
        return reply(200, { notice: t("integrations.notice.rotated") });
      case "disconnect-connection": {
        const disconnected = await disconnectWhatsAppConnection(actor, input);
        if (!disconnected) notFound();
        return reply(200, { notice: t("integrations.notice.disconnected", { name: disconnected.name }) });
      }
      case "sync-templates":
        if (!(await requestTemplateSync(actor, input))) notFound();
        return reply(200, { notice: t("integrations.notice.syncQueued") });
      case "create-twilio":
        await createTwilioConnection(actor, input);
        return reply(200, { notice: t("integrations.twilio.notice.created", { name: input.name }) });
      case "update-twilio": {
        const updated = await updateTwilioConnection(actor, input);
        if (!updated) notFound();
        return reply(200, { notice: updated.fields.length ? t("integrations.twilio.notice.updated") : t("integrations.notice.unchanged") });
      }
      case "rotate-twilio":
        if (!(await rotateTwilioConnection(actor, input))) notFound();
        return reply(200, { notice: t("integrations.twilio.notice.rotated") });
      case "disconnect-twilio": {
        const disconnected = await disconnectTwilioConnection(actor, input);
        if (!disconnected) notFound();
        return reply(200, { notice: t("integrations.twilio.notice.disconnected", { name: disconnected.name }) });
      }
    }
  } catch (error) {
    const refused = describeRefusal(error, i18n);
    if (!refused) throw error;
    return reply(refused.status, { fieldErrors: refused.fieldErrors, formError: refused.formError });
  }
}

export default function IntegrationsSettingsPage() {
  const { organization, webhookBase, connections, twilioConnections } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const busy = navigation.state !== "idle";
  const errorsFor = (intent: string, id: string | null) =>
    actionData && actionData.intent === intent && (id === null || actionData.connectionId === id) ? actionData.fieldErrors : {};
  return (
    <main className="mx-auto grid w-full max-w-4xl gap-4 p-3 sm:p-4">
      <div>
        <h1 className="text-xl font-semibold">{t("integrations.title")}</h1>
        <p className="text-sm text-muted-foreground">{t("integrations.description", { organization: organization.name })}</p>
      </div>
      <FormAlert message={actionData?.formError} />
      <FormNotice message={actionData?.notice} />
      {connections.length === 0 ? <p className="text-sm text-muted-foreground">{t("integrations.empty")}</p> : null}
      {connections.map((connection) => (
        <ConnectionCard
          key={`${connection.id}-${connection.connectionKey}`}
          connection={connection}
          webhookUrl={`${webhookBase}${connection.connectionKey}`}
          timeZone={organization.timeZone}
          busy={busy}
          errorsFor={(intent) => errorsFor(intent, connection.id)}
        />
      ))}
      <Card>
        <CardHeader>
          <CardTitle className="text-base">{t("integrations.new.title")}</CardTitle>
          <CardDescription>{t("integrations.new.description")}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <SetupSteps />
          <NewConnectionForm key={connections.length} busy={busy} errors={errorsFor("create-connection", null)} />
        </CardContent>
      </Card>

      <section className="grid gap-4" aria-labelledby="twilio-title">
        <div>
          <h2 id="twilio-title" className="text-lg font-semibold">
            {t("integrations.twilio.title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("integrations.twilio.description")}</p>
        </div>
        {twilioConnections.length === 0 ? <p className="text-sm text-muted-foreground">{t("integrations.twilio.empty")}</p> : null}
        {twilioConnections.map((connection) => (
          // Keyed by its URL too: after a rotation the forms start empty again.
          <TwilioConnectionCard key={`${connection.id}-${connection.webhookUrls.voice}`} connection={connection} busy={busy} errorsFor={(intent) => errorsFor(intent, connection.id)} />
        ))}
        <Card>
          <CardHeader>
            <CardTitle className="text-base">{t("integrations.twilio.new.title")}</CardTitle>
            <CardDescription>{t("integrations.twilio.new.description")}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <TwilioSetupSteps />
            <NewTwilioConnectionForm key={twilioConnections.length} busy={busy} errors={errorsFor("create-twilio", null)} />
          </CardContent>
        </Card>
      </section>
    </main>
  );
}
