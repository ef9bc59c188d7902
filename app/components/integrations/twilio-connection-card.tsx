import { Badge } from "~/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import type { PlainMessageKey } from "~/i18n/catalogue";
import { useI18n } from "~/i18n/react";
import { formatPhone } from "~/lib/phone";
import { CopyField } from "./copy-field";
import { SetupSteps } from "./setup-steps";
import { DisconnectTwilioConnectionForm, EditTwilioConnectionForm, RotateTwilioConnectionForm, type EditableTwilioConnection } from "./twilio-connection-forms";

type Errors = Record<string, string[] | undefined>;

export interface TwilioConnectionView extends EditableTwilioConnection {
  accountSid: string;
  demo: boolean;
  webhookUrls: { voice: string; status: string };
}

/** What an admin does in Twilio's console, in order, to send a number's calls here. */
export const TWILIO_SETUP_STEPS = [
  "integrations.twilio.steps.credentials",
  "integrations.twilio.steps.numbers",
  "integrations.twilio.steps.voice",
  "integrations.twilio.steps.status",
] as const satisfies PlainMessageKey[];

export function TwilioSetupSteps() {
  return <SetupSteps title="integrations.twilio.steps.title" steps={TWILIO_SETUP_STEPS} />;
}

/** One Twilio connection: the URLs to paste in Twilio's console, its numbers, recording, token (last 4 only) and changes. */
export function TwilioConnectionCard({
  connection,
  busy,
  errorsFor,
}: {
  connection: TwilioConnectionView;
  busy: boolean;
  errorsFor: (intent: string) => Errors;
}) {
  const { t } = useI18n();
  return (
    <Card data-twilio-connection-id={connection.id}>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2 text-base">
          {connection.name}
          {connection.demo ? <Badge variant="secondary">{t("integrations.demo")}</Badge> : null}
        </CardTitle>
        <CardDescription className="font-mono">{t("integrations.twilio.accountSid", { sid: connection.accountSid })}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <CopyField label={t("integrations.twilio.voiceUrl")} value={connection.webhookUrls.voice} />
        <CopyField label={t("integrations.twilio.statusUrl")} value={connection.webhookUrls.status} />
        <TwilioSetupSteps />
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-muted-foreground">{t("integrations.twilio.field.numbers")}</dt>
          <dd>
            <ul>
              {connection.phoneNumbers.map((number) => (
                <li key={number}>{formatPhone(number)}</li>
              ))}
            </ul>
          </dd>
          <dt className="text-muted-foreground">{t("integrations.twilio.field.authTokenStored")}</dt>
          <dd className="font-mono">{connection.authTokenHint ? `••••${connection.authTokenHint}` : t("integrations.secret.unreadableShort")}</dd>
        </dl>
        <p className="text-sm">{t(connection.recordCalls ? "integrations.twilio.recording.on" : "integrations.twilio.recording.off")}</p>

        <details className="rounded-md border p-3" open={Object.keys(errorsFor("update-twilio")).length > 0}>
          <summary className="cursor-pointer text-sm font-medium">{t("integrations.twilio.edit.title")}</summary>
          <div className="mt-3">
            <EditTwilioConnectionForm connection={connection} busy={busy} errors={errorsFor("update-twilio")} />
          </div>
        </details>
        <details className="rounded-md border p-3" open={Boolean(errorsFor("rotate-twilio").authToken)}>
          <summary className="cursor-pointer text-sm font-medium">{t("integrations.twilio.rotate.title")}</summary>
          <div className="mt-3">
            <RotateTwilioConnectionForm connection={connection} busy={busy} errors={errorsFor("rotate-twilio")} />
          </div>
        </details>
        <div>
          <DisconnectTwilioConnectionForm connection={connection} busy={busy} />
        </div>
      </CardContent>
    </Card>
  );
}
