import { Form } from "@remix-run/react";
import { useId } from "react";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { inputClassName } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { useI18n } from "~/i18n/react";
import { cn } from "~/lib/cn";
import type { PlainMessageKey } from "~/i18n/catalogue";

type Errors = Record<string, string[] | undefined>;
type Assignment = "unassigned" | "round_robin";

export interface EditableConnection {
  id: string;
  name: string;
  newLeadAssignment: Assignment;
  phoneNumbers: { phoneNumberId: string; displayPhoneNumber: string }[];
  secretHints: { appSecret: string | null; verifyToken: string | null; accessToken: string | null };
}

export function ErrorText({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p id={id} role="alert" className="text-sm font-medium text-destructive">
      {messages.join(" ")}
    </p>
  );
}

/** A connection's numbers, one per line (their format is the provider's: `hint` and `placeholder` say it). */
export function NumbersField({
  errors,
  defaultValue,
  label = "integrations.field.numbers",
  hint = "integrations.field.numbersHint",
  placeholder = "109876543210987 +55 11 98765-4321",
  rows = 3,
}: {
  errors: Errors;
  defaultValue?: string;
  label?: PlainMessageKey;
  hint?: PlainMessageKey;
  placeholder?: string;
  rows?: number;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{t(label)}</Label>
      <textarea
        id={id}
        name="numbers"
        rows={rows}
        required
        defaultValue={defaultValue}
        placeholder={placeholder}
        aria-invalid={errors.numbers ? true : undefined}
        aria-describedby={errors.numbers ? `${id}-hint ${id}-error` : `${id}-hint`}
        className={cn(inputClassName, "h-auto font-mono")}
      />
      <p id={`${id}-hint`} className="text-sm text-muted-foreground">
        {t(hint)}
      </p>
      <ErrorText id={`${id}-error`} messages={errors.numbers} />
    </div>
  );
}

function AssignmentChoice({ errors, value }: { errors: Errors; value: Assignment }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset className="grid gap-1.5" aria-describedby={errors.newLeadAssignment ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">{t("integrations.field.assignment")}</legend>
      {(["unassigned", "round_robin"] as const).map((option) => (
        <label key={option} className="flex items-start gap-2 text-sm">
          <input type="radio" name="newLeadAssignment" value={option} defaultChecked={value === option} className="mt-1" />
          <span>{t(option === "unassigned" ? "integrations.assignment.unassigned" : "integrations.assignment.roundRobin")}</span>
        </label>
      ))}
      <ErrorText id={`${id}-error`} messages={errors.newLeadAssignment} />
    </fieldset>
  );
}

/** A secret input: never pre-filled; on edit, empty keeps the stored one (shown by its last 4 characters). */
function SecretField({ name, label, errors, hint }: { name: string; label: string; errors: Errors; hint?: string | null }) {
  const { t } = useI18n();
  const kept = hint === undefined ? undefined : hint ? t("integrations.secret.keep", { last4: hint }) : t("integrations.secret.unreadable");
  return <Field name={name} type="password" autoComplete="off" spellCheck={false} label={label} description={kept} required={hint === undefined} error={errors[name]} />;
}

/** Connects a new WABA: names, numbers, the three credentials and the new-lead policy. */
export function NewConnectionForm({ busy, errors }: { busy: boolean; errors: Errors }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="grid gap-3" noValidate>
      <input type="hidden" name="intent" value="create-connection" />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field name="name" label={t("integrations.field.name")} required maxLength={80} error={errors.name} />
        <Field name="wabaId" label={t("integrations.field.wabaId")} required inputMode="numeric" maxLength={32} error={errors.wabaId} />
      </div>
      <NumbersField errors={errors} />
      <div className="grid gap-3 sm:grid-cols-3">
        <SecretField name="accessToken" label={t("integrations.field.accessToken")} errors={errors} />
        <SecretField name="appSecret" label={t("integrations.field.appSecret")} errors={errors} />
        <Field name="verifyToken" label={t("integrations.field.verifyToken")} description={t("integrations.field.verifyTokenHint")} autoComplete="off" required maxLength={128} error={errors.verifyToken} />
      </div>
      <AssignmentChoice errors={errors} value="unassigned" />
      <div>
        <Button type="submit" disabled={busy}>
          {t("integrations.new.submit")}
        </Button>
      </div>
    </Form>
  );
}

/** Edits a connection: name, numbers, new-lead policy; a secret is replaced only when a new one is typed. */
export function EditConnectionForm({ connection, busy, errors }: { connection: EditableConnection; busy: boolean; errors: Errors }) {
  const { t } = useI18n();
  const numbers = connection.phoneNumbers.map((n) => `${n.phoneNumberId} ${n.displayPhoneNumber}`).join("\n");
  return (
    <Form method="post" className="grid gap-3" noValidate>
      <input type="hidden" name="intent" value="update-connection" />
      <input type="hidden" name="connectionId" value={connection.id} />
      <Field name="name" label={t("integrations.field.name")} required maxLength={80} defaultValue={connection.name} error={errors.name} />
      <NumbersField errors={errors} defaultValue={numbers} />
      <div className="grid gap-3 sm:grid-cols-3">
        <SecretField name="accessToken" label={t("integrations.field.accessToken")} errors={errors} hint={connection.secretHints.accessToken} />
        <SecretField name="appSecret" label={t("integrations.field.appSecret")} errors={errors} hint={connection.secretHints.appSecret} />
        <SecretField name="verifyToken" label={t("integrations.field.verifyToken")} errors={errors} hint={connection.secretHints.verifyToken} />
      </div>
      <AssignmentChoice errors={errors} value={connection.newLeadAssignment} />
      <div>
        <Button type="submit" disabled={busy}>
          {t("common.save")}
        </Button>
      </div>
    </Form>
  );
}

/** New webhook URL and app secret; Meta must be told both, so the form says so and asks first. */
export function RotateConnectionForm({ connection, busy, errors }: { connection: EditableConnection; busy: boolean; errors: Errors }) {
  const { t } = useI18n();
  return (
    <Form
      method="post"
      className="grid gap-3"
      noValidate
      onSubmit={(event) => {
        if (!window.confirm(t("integrations.rotate.confirm", { name: connection.name }))) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="rotate-connection" />
      <input type="hidden" name="connectionId" value={connection.id} />
      <p className="text-sm text-muted-foreground">{t("integrations.rotate.explain")}</p>
      <SecretField name="appSecret" label={t("integrations.rotate.newAppSecret")} errors={errors} />
      <div>
        <Button type="submit" variant="outline" disabled={busy}>
          {t("integrations.rotate.submit")}
        </Button>
      </div>
    </Form>
  );
}

export function DisconnectConnectionForm({ connection, busy }: { connection: EditableConnection; busy: boolean }) {
  const { t } = useI18n();
  return (
    <Form
      method="post"
      onSubmit={(event) => {
        if (!window.confirm(t("integrations.disconnect.confirm", { name: connection.name }))) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="disconnect-connection" />
      <input type="hidden" name="connectionId" value={connection.id} />
      <Button type="submit" variant="ghost" className="text-destructive" disabled={busy}>
        {t("integrations.disconnect.submit")}
      </Button>
    </Form>
  );
}

export function SyncTemplatesForm({ connectionId, busy, syncing }: { connectionId: string; busy: boolean; syncing: boolean }) {
  const { t } = useI18n();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="sync-templates" />
      <input type="hidden" name="connectionId" value={connectionId} />
      <Button type="submit" variant="outline" size="sm" disabled={busy || syncing}>
        {syncing ? t("integrations.templates.syncing") : t("integrations.templates.sync")}
      </Button>
    </Form>
  );
}
