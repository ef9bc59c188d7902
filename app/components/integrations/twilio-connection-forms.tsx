import { Form } from "@remix-run/react";
import { useId } from "react";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import { formatPhone } from "~/lib/phone";
import { ErrorText, NumbersField } from "./connection-forms";

type Errors = Record<string, string[] | undefined>;

export interface EditableTwilioConnection {
  id: string;
  name: string;
  /** E.164, the first is the caller id. */
  phoneNumbers: string[];
  recordCalls: boolean;
  /** The stored auth token's last 4 characters; null when it no longer opens. */
  authTokenHint: string | null;
}

function TwilioNumbersField({ errors, defaultValue }: { errors: Errors; defaultValue?: string }) {
  return (
    <NumbersField
      errors={errors}
      defaultValue={defaultValue}
      label="integrations.twilio.field.numbers"
      hint="integrations.twilio.field.numbersHint"
      placeholder="+55 11 4000-0002"
      rows={2}
    />
  );
}

function RecordCallsChoice({ errors, checked }: { errors: Errors; checked: boolean }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="grid gap-1.5">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="recordCalls" value="on" defaultChecked={checked} className="mt-1" aria-describedby={errors.recordCalls ? `${id}-error` : undefined} />
        <span>{t("integrations.twilio.field.recordCalls")}</span>
      </label>
      <ErrorText id={`${id}-error`} messages={errors.recordCalls} />
    </div>
  );
}

/** The auth token input: never pre-filled; on edit, empty keeps the stored one (shown by its last 4 characters). */
function AuthTokenField({ errors, hint }: { errors: Errors; hint?: string | null }) {
  const { t } = useI18n();
  const editing = hint !== undefined;
  const description = !editing
    ? t("integrations.twilio.field.authTokenHint")
    : hint
      ? t("integrations.twilio.edit.tokenHint", { last4: hint })
      : t("integrations.secret.unreadable");
  return (
    <Field
      name="authToken"
      type="password"
      autoComplete="off"
      spellCheck={false}
      label={t(editing ? "integrations.twilio.field.newAuthToken" : "integrations.twilio.field.authToken")}
      description={description}
      required={!editing}
      maxLength={128}
      error={errors.authToken}
    />
  );
}

/** Connects a Twilio account: its SID and auth token, its numbers, whether calls are recorded (on by default). */
export function NewTwilioConnectionForm({ busy, errors }: { busy: boolean; errors: Errors }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="grid gap-3" noValidate>
      <input type="hidden" name="intent" value="create-twilio" />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field name="name" label={t("integrations.field.name")} required maxLength={80} error={errors.name} />
        <Field
          name="accountSid"
          label={t("integrations.twilio.field.accountSid")}
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={34}
          placeholder="AC…"
          className="font-mono"
          error={errors.accountSid}
        />
      </div>
      <AuthTokenField errors={errors} />
      <TwilioNumbersField errors={errors} />
      <RecordCallsChoice errors={errors} checked />
      <div>
        <Button type="submit" disabled={busy}>
          {t("integrations.twilio.new.submit")}
        </Button>
      </div>
    </Form>
  );
}

/** Edits a Twilio connection: name, numbers, recording; the auth token is replaced only when a new one is typed. */
export function EditTwilioConnectionForm({ connection, busy, errors }: { connection: EditableTwilioConnection; busy: boolean; errors: Errors }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="grid gap-3" noValidate>
      <input type="hidden" name="intent" value="update-twilio" />
      <input type="hidden" name="connectionId" value={connection.id} />
      <Field name="name" label={t("integrations.field.name")} required maxLength={80} defaultValue={connection.name} error={errors.name} />
      <TwilioNumbersField errors={errors} defaultValue={connection.phoneNumbers.map(formatPhone).join("\n")} />
      <RecordCallsChoice errors={errors} checked={connection.recordCalls} />
      <AuthTokenField errors={errors} hint={connection.authTokenHint} />
      <div>
        <Button type="submit" disabled={busy}>
          {t("common.save")}
        </Button>
      </div>
    </Form>
  );
}

/** New webhook URLs and auth token; every number in Twilio's console must be told, so the form says so and asks first. */
export function RotateTwilioConnectionForm({ connection, busy, errors }: { connection: EditableTwilioConnection; busy: boolean; errors: Errors }) {
  const { t } = useI18n();
  return (
    <Form
      method="post"
      className="grid gap-3"
      noValidate
      onSubmit={(event) => {
        if (!window.confirm(t("integrations.twilio.rotate.confirm", { name: connection.name }))) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="rotate-twilio" />
      <input type="hidden" name="connectionId" value={connection.id} />
      <p className="text-sm text-muted-foreground">{t("integrations.twilio.rotate.explain")}</p>
      <Field
        name="authToken"
        type="password"
        autoComplete="off"
        spellCheck={false}
        label={t("integrations.twilio.field.newAuthToken")}
        required
        maxLength={128}
        error={errors.authToken}
      />
      <div>
        <Button type="submit" variant="outline" disabled={busy}>
          {t("integrations.twilio.rotate.submit")}
        </Button>
      </div>
    </Form>
  );
}

export function DisconnectTwilioConnectionForm({ connection, busy }: { connection: EditableTwilioConnection; busy: boolean }) {
  const { t } = useI18n();
  return (
    <Form
      method="post"
      onSubmit={(event) => {
        if (!window.confirm(t("integrations.twilio.disconnect.confirm", { name: connection.name }))) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="disconnect-twilio" />
      <input type="hidden" name="connectionId" value={connection.id} />
      <Button type="submit" variant="ghost" className="text-destructive" disabled={busy}>
        {t("integrations.twilio.disconnect.submit")}
      </Button>
    </Form>
  );
}
