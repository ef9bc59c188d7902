import { useI18n } from "~/i18n/react";
import { Field } from "~/components/ui/field";

/** The password input of every form that creates an account; its hint matches `passwordField`. */
export function NewPasswordField({ label, error }: { label: string; error?: string[] }) {
  const { t } = useI18n();
  return (
    <Field
      label={label}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      description={t("auth.passwordHint")}
      error={error}
    />
  );
}
