import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";
import { canChangeNote, NOTE_MAX_LENGTH, type TimelineEntry } from "~/lib/timeline";
import { TimelineComposer } from "./timeline-composer";
import { RedactedNotice } from "./timeline-redacted";

interface NoteReply {
  ok: boolean;
  message: string | null;
  fieldErrors: Record<string, string[] | undefined>;
}

/** A note; its author may change or delete it for 15 minutes. */
export function TimelineNote({ entry, meId, timeZone, now }: { entry: TimelineEntry; meId: string; timeZone: string; now: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const fetcher = useFetcher<NoteReply>();
  const [editing, setEditing] = useState(false);
  const mine = canChangeNote(entry, meId, now);
  const busy = fetcher.state !== "idle";
  const error = fetcher.data && !fetcher.data.ok ? (fetcher.data.fieldErrors.content?.[0] ?? fetcher.data.message) : null;
  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 p-3 dark:border-amber-900 dark:bg-amber-950">
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        <span className="font-medium text-foreground">{t("channel.note")}</span>
        {entry.authorId ? <span>· {entry.authorName || t("account.delete.removedUser")}</span> : null}
        {entry.editedAt ? <span>· {t("timeline.note.edited")}</span> : null}
        <time className="ml-auto" dateTime={entry.at}>
          {i18n.dateTime(entry.at, timeZone)}
        </time>
      </div>
      {editing && mine ? (
        <fetcher.Form
          method="post"
          className="mt-2 grid gap-2"
          onSubmit={() => setEditing(false)}
        >
          <input type="hidden" name="intent" value="edit-note" />
          <input type="hidden" name="noteId" value={entry.id} />
          <label className="sr-only" htmlFor={`note-${entry.id}`}>
            {t("timeline.note.label")}
          </label>
          <textarea
            id={`note-${entry.id}`}
            name="content"
            defaultValue={entry.content}
            required
            maxLength={NOTE_MAX_LENGTH}
            rows={3}
            className="w-full rounded-md border bg-background p-2 text-sm"
          />
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={busy}>
              {t("timeline.note.save")}
            </Button>
            <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(false)}>
              {t("timeline.note.cancel")}
            </Button>
          </div>
        </fetcher.Form>
      ) : (
        entry.redactedAt ? <RedactedNotice entry={entry} /> : <p className="mt-1 whitespace-pre-line break-words text-sm">{entry.content}</p>
      )}
      {error ? (
        <p role="alert" className="mt-1 text-xs text-destructive">
          {error}
        </p>
      ) : null}
      {mine && !editing ? (
        <div className="mt-1 flex gap-1">
          <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(true)}>
            {t("timeline.note.edit")}
          </Button>
          <fetcher.Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(t("timeline.note.deleteConfirm"))) event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="delete-note" />
            <input type="hidden" name="noteId" value={entry.id} />
            <Button type="submit" size="sm" variant="ghost" className="text-destructive" disabled={busy}>
              {t("timeline.note.delete")}
            </Button>
          </fetcher.Form>
        </div>
      ) : null}
    </div>
  );
}

/** Writes a note on the lead's timeline. */
export function NoteComposer() {
  const { t } = useI18n();
  return (
    <TimelineComposer
      intent="add-note"
      field="content"
      id="note-content"
      label={t("timeline.note.label")}
      placeholder={t("timeline.note.placeholder")}
      maxLength={NOTE_MAX_LENGTH}
      submit={t("timeline.note.add")}
    />
  );
}
