import type { PlainMessageKey } from "~/i18n/catalogue";
import { useI18n } from "~/i18n/react";

const WHATSAPP_STEPS = [
  "integrations.steps.app",
  "integrations.steps.token",
  "integrations.steps.numbers",
  "integrations.steps.save",
  "integrations.steps.callback",
  "integrations.steps.subscribe",
] as const satisfies PlainMessageKey[];

/**
 * What an admin does in a provider's console, in order: by default, to
 * connect a WhatsApp Business Account in Meta's.
 */
export function SetupSteps({ title = "integrations.steps.title", steps = WHATSAPP_STEPS }: { title?: PlainMessageKey; steps?: readonly PlainMessageKey[] }) {
  const { t } = useI18n();
  return (
    <details className="rounded-md border p-3 text-sm">
      <summary className="cursor-pointer font-medium">{t(title)}</summary>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        {steps.map((step) => (
          <li key={step}>{t(step)}</li>
        ))}
      </ol>
    </details>
  );
}
