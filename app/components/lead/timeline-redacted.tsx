import { useI18n } from "~/i18n/react";
import type { TimelineEntry } from "~/lib/timeline";

/** In place of what an entry said, once retention or a data subject's deletion emptied it. */
export function RedactedNotice({ entry }: { entry: TimelineEntry }) {
  const { t } = useI18n();
  if (!entry.redactedAt) return null;
  return (
    <p className="text-sm italic text-muted-foreground" data-redacted>
      {t("timeline.redacted")}
    </p>
  );
}
