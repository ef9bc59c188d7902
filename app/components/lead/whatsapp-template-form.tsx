import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";

/** What the lead page answers a send (text or template). */
export interface SendReply {
  ok: boolean;
  message: string | null;
  fieldErrors: Record<string, string[] | undefined>;
}

export interface ComposerTemplate {
  name: string;
  language: string;
  variableCount: number;
  /** The body with its placeholders, as a preview. */
  body: string;
}

/** Picks an approved template and fills its variables (one field each, sent in order as repeated `variable` fields). */
export function WhatsAppTemplateForm({ templates }: { templates: ComposerTemplate[] }) {
  const { t } = useI18n();
  const fetcher = useFetcher<SendReply>();
  const [chosen, setChosen] = useState(0);
  if (templates.length === 0) return <p className="text-xs text-muted-foreground">{t("whatsapp.template.none")}</p>;
  const template = templates[Math.min(chosen, templates.length - 1)];
  const busy = fetcher.state !== "idle";
  const reply = fetcher.data;
  const error = reply && !reply.ok ? (reply.fieldErrors.variable?.[0] ?? reply.fieldErrors.template?.[0] ?? reply.message) : null;
  return (
    <fetcher.Form method="post" className="grid gap-2">
      <input type="hidden" name="intent" value="send-template" />
      <input type="hidden" name="template" value={template.name} />
      <input type="hidden" name="language" value={template.language} />
      <label className="grid gap-1 text-sm">
        <span className="font-medium">{t("whatsapp.template.label")}</span>
        <select
          value={chosen}
          onChange={(event) => setChosen(Number(event.target.value))}
          className="rounded-md border bg-background p-2 text-sm"
          aria-label={t("whatsapp.template.choose")}
        >
          {templates.map((option, index) => (
            <option key={`${option.name}:${option.language}`} value={index}>
              {option.name} ({option.language})
            </option>
          ))}
        </select>
      </label>
      {template.body ? <p className="whitespace-pre-wrap rounded-md bg-muted p-2 text-xs">{template.body}</p> : null}
      {Array.from({ length: template.variableCount }, (_, index) => (
        // Keyed by template too: another template starts with empty fields.
        <label key={`${template.name}:${template.language}:${index}`} className="grid gap-1 text-sm">
          <span>{t("whatsapp.template.variable", { n: index + 1 })}</span>
          <input name="variable" required maxLength={1024} className="rounded-md border bg-background p-2 text-sm" />
        </label>
      ))}
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
      <div>
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? t("whatsapp.composer.sending") : t("whatsapp.template.send")}
        </Button>
      </div>
    </fetcher.Form>
  );
}
