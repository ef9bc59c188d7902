import { useFetcher } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";
import type { TimelineEntry, TimelinePage } from "~/lib/timeline";
import { NoteComposer, TimelineNote } from "./timeline-note";
import { TimelineMessage } from "./timeline-message";
import { TimelineCall } from "./timeline-call";

interface LeadTimelineProps {
  slug: string;
  leadId: string;
  meId: string;
  /** The newest page, from the page's loader (live: revalidated on every event about the lead). */
  first: TimelinePage;
  timeZone: string;
  canWriteNotes: boolean;
  /** Members and above record how an ended call went. */
  canRecordOutcome?: boolean;
  /** Composers for other channels (WhatsApp), shown above the entries. */
  children?: React.ReactNode;
}

function newestFirst(a: TimelineEntry, b: TimelineEntry) {
  return a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1;
}

/**
 * The lead's whole conversation, newest first: the loader's live first page,
 * then older pages fetched on demand by cursor. Older pages are keyset pages,
 * so entries arriving meanwhile never shift them; an entry both pages hold
 * (the first page slid past it) shows once.
 */
export function LeadTimeline({ slug, leadId, meId, first, timeZone, canWriteNotes, canRecordOutcome = false, children }: LeadTimelineProps) {
  const { t } = useI18n();
  const older = useFetcher<TimelinePage>();
  const [pages, setPages] = useState<TimelinePage[]>([]);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (older.state === "idle" && older.data?.entries) {
      const page = older.data;
      setPages((current) => (current.includes(page) ? current : [...current, page]));
    }
  }, [older.state, older.data]);
  // Edit and delete buttons disappear when a note's 15 minutes are up.
  useEffect(() => {
    const interval = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(interval);
  }, []);

  const entries = useMemo(() => {
    const byId = new Map<string, TimelineEntry>();
    for (const entry of [...first.entries, ...pages.flatMap((page) => page.entries)]) if (!byId.has(entry.id)) byId.set(entry.id, entry);
    return [...byId.values()].sort(newestFirst);
  }, [first, pages]);
  const nextCursor = pages.length ? pages[pages.length - 1].nextCursor : first.nextCursor;

  return (
    <section aria-labelledby="timeline-title" className="grid gap-3">
      <h2 id="timeline-title" className="font-semibold">
        {t("timeline.title")}
      </h2>
      {children}
      {canWriteNotes ? <NoteComposer /> : null}
      {entries.length === 0 ? <p className="text-sm text-muted-foreground">{t("timeline.empty")}</p> : null}
      <ol className="grid gap-2" aria-live="polite" aria-relevant="additions">
        {entries.map((entry) => (
          <li key={entry.id} data-entry-id={entry.id} data-kind={entry.kind} data-status={entry.status ?? undefined}>
            {entry.kind === "note" ? (
              <TimelineNote entry={entry} meId={meId} timeZone={timeZone} now={now} />
            ) : entry.kind === "call" && entry.call ? (
              <TimelineCall entry={entry} slug={slug} meId={meId} timeZone={timeZone} canRecordOutcome={canRecordOutcome} />
            ) : (
              <TimelineMessage entry={entry} slug={slug} timeZone={timeZone} />
            )}
          </li>
        ))}
      </ol>
      {nextCursor ? (
        <Button
          type="button"
          variant="outline"
          disabled={older.state !== "idle"}
          onClick={() => older.load(`/o/${slug}/leads/${leadId}/timeline?before=${encodeURIComponent(nextCursor)}`)}
        >
          {older.state !== "idle" ? t("timeline.loading") : t("timeline.older")}
        </Button>
      ) : null}
    </section>
  );
}
