import { Field } from "~/components/ui/field";

/** The password input of every form that creates an account; its hint matches `passwordField`. */
export function NewPasswordField({ label, error }: { label: string; error?: string[] }) {
  return (
    <Field
      label={label}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      description="Ao menos 8 caracteres."
      error={error}
    />
  );
}
