import type { PrivacyRequestKind } from "@db/entities/privacy-request";
import { useI18n } from "~/i18n/react";

// The entity's list, written again: the browser bundle must not pull in the ORM for three words.
const KINDS = ["access", "deletion", "correction"] as const satisfies readonly PrivacyRequestKind[];

/** The three kinds of request as radio buttons, each with what the app will do about it. */
export function PrivacyRequestKindField({ busy, error }: { busy: boolean; error?: string[] }) {
  const { t } = useI18n();
  return (
    <fieldset className="grid gap-2" aria-invalid={error ? true : undefined}>
      <legend className="mb-1 text-sm font-medium">{t("privacy.requests.field.kind")}</legend>
      {KINDS.map((kind, index) => (
        <label key={kind} className="flex items-start gap-2 text-sm">
          <input type="radio" name="kind" value={kind} defaultChecked={index === 0} disabled={busy} className="mt-1" />
          <span>
            <span className="font-medium">{t(`privacy.requests.kind.${kind}.label`)}</span>
            <span className="block text-muted-foreground">{t(`privacy.requests.kind.${kind}.why`)}</span>
          </span>
        </label>
      ))}
      {error?.length ? <p className="text-sm text-destructive">{error.join(" ")}</p> : null}
    </fieldset>
  );
}
