import { useI18n } from "~/i18n/react";

const STEPS = [
  "integrations.steps.app",
  "integrations.steps.token",
  "integrations.steps.numbers",
  "integrations.steps.save",
  "integrations.steps.callback",
  "integrations.steps.subscribe",
] as const;

/** What an admin does in Meta's console, in order, to connect a WhatsApp Business Account. */
export function SetupSteps() {
  const { t } = useI18n();
  return (
    <details className="rounded-md border p-3 text-sm">
      <summary className="cursor-pointer font-medium">{t("integrations.steps.title")}</summary>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        {STEPS.map((step) => (
          <li key={step}>{t(step)}</li>
        ))}
      </ol>
    </details>
  );
}
