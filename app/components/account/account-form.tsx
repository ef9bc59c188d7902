import { useId, type ReactNode } from "react";
import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { Label } from "~/components/ui/label";
import { NativeSelect } from "~/components/ui/select";
import { LOCALE_NAMES, LOCALES } from "~/i18n/locales";
import { useI18n } from "~/i18n/react";
import { formatPhone } from "~/lib/phone";

type FieldErrors = Record<string, string[] | undefined>;
type AccountFieldName = "fullName" | "locale" | "timeZone" | "phone";

interface Props {
  account: { email: string; fullName: string; phone: string | null; locale: string | null; timeZone: string };
  timeZones: readonly string[];
  errors: FieldErrors;
  /** What was posted, when the save was refused: shown again instead of the saved values. */
  values?: Partial<Record<AccountFieldName, string>>;
}

/** "America/Sao_Paulo" → "America/Sao Paulo": the IANA name, readable. */
const zoneLabel = (zone: string) => zone.replaceAll("_", " ");

/**
 * The email shows read-only (the server ignores it if posted). Name, language, time zone and calling phone, posted as one form. The page is
 * reloaded as a new document after a save (`reloadDocument`): a new language
 * comes with its own message catalogue.
 */
export function AccountForm({ account, timeZones, errors, values }: Props) {
  const { t } = useI18n();
  const value = (name: AccountFieldName, saved: string) => values?.[name] ?? saved;
  return (
    <Form method="post" reloadDocument noValidate className="grid gap-4">
      <Field label={t("account.email")} name="email" type="email" value={account.email} readOnly description={t("account.emailHint")} />
      <Field
        label={t("account.fullName")}
        name="fullName"
        required
        maxLength={120}
        autoComplete="name"
        defaultValue={value("fullName", account.fullName)}
        error={errors.fullName}
      />
      <Field
        label={t("account.phone")}
        name="phone"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        placeholder={t("account.phonePlaceholder")}
        defaultValue={value("phone", account.phone ? formatPhone(account.phone) : "")}
        description={t("account.phoneHint")}
        error={errors.phone}
      />
      <SelectField name="locale" label={t("account.language")} error={errors.locale}>
        {(control) => (
          <NativeSelect {...control} defaultValue={value("locale", account.locale ?? "")}>
            <option value="">{t("account.languageBrowser")}</option>
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </NativeSelect>
        )}
      </SelectField>
      <SelectField name="timeZone" label={t("account.timeZone")} hint={t("account.timeZoneHint")} error={errors.timeZone}>
        {(control) => (
          <NativeSelect {...control} defaultValue={value("timeZone", account.timeZone)}>
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zoneLabel(zone)}
              </option>
            ))}
          </NativeSelect>
        )}
      </SelectField>
      <Button type="submit" className="justify-self-start">
        {t("account.submit")}
      </Button>
    </Form>
  );
}

interface ControlProps {
  id: string;
  name: AccountFieldName;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/** Label, a native select, hint and error, wired like `Field` (the error linked by aria-describedby). */
function SelectField({
  name,
  label,
  hint,
  error,
  children,
}: {
  name: AccountFieldName;
  label: string;
  hint?: ReactNode;
  error?: string[];
  children: (props: ControlProps) => ReactNode;
}) {
  const id = `account-${name}-${useId().replace(/:/g, "")}`;
  const described = [hint ? `${id}-hint` : null, error?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children({ id, name, "aria-invalid": error?.length ? true : undefined, "aria-describedby": described || undefined })}
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error?.length ? (
        <p id={`${id}-error`} role="alert" className="text-sm font-medium text-destructive">
          {error.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
