import { useI18n } from "~/i18n/react";
import { channelLabel } from "~/lib/labels";

export interface TimelineEntry {
  id: string;
  channel: string;
  direction: string | null;
  subject: string | null;
  content: string | null;
  authorName: string | null;
  at: string;
}

/** The lead's interactions (messages, calls, notes), newest first. */
export function LeadTimeline({ entries, timeZone }: { entries: TimelineEntry[]; timeZone: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="mb-2 font-semibold">
        {t("timeline.title")}
      </h2>
      {entries.length === 0 ? <p className="text-sm text-muted-foreground">{t("timeline.empty")}</p> : null}
      <ol className="grid gap-2">
        {entries.map((entry) => (
          <li key={entry.id} className="rounded-lg border bg-card p-3">
            <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
              <span className="font-medium text-foreground">{channelLabel(t, entry.channel)}</span>
              {entry.direction === "inbound" ? <span>{t("timeline.inbound")}</span> : null}
              {entry.direction === "outbound" ? <span>{t("timeline.outbound")}</span> : null}
              {entry.authorName ? <span>· {entry.authorName}</span> : null}
              <time className="ml-auto" dateTime={entry.at}>
                {i18n.dateTime(entry.at, timeZone)}
              </time>
            </div>
            {entry.subject ? <p className="mt-1 text-sm font-medium">{entry.subject}</p> : null}
            {entry.content ? <p className="mt-1 whitespace-pre-line break-words text-sm">{entry.content}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
