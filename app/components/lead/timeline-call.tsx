import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { NativeSelect } from "~/components/ui/select";
import { useI18n } from "~/i18n/react";
import type { Translator } from "~/i18n/translator";
import { CALL_NOTE_MAX_LENGTH, CALL_OUTCOMES, isFinalCallStatus, shownTranscript, type TimelineCall as CallDetails } from "~/lib/calls";
import { cn } from "~/lib/cn";
import type { TimelineEntry } from "~/lib/timeline";
import { RedactedNotice } from "./timeline-redacted";

/** "3:12", or "1:02:05" past an hour. */
export function formatCallDuration(seconds: number) {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** The lead's leg as the rep reads it; a click-to-call the rep's own phone never took says so instead. */
export function callStatusLabel(t: Translator["t"], entry: Pick<TimelineEntry, "authorId" | "authorName">, call: CallDetails, meId: string) {
  if (call.missedBy === "agent" && isFinalCallStatus(call.status)) {
    return entry.authorId === meId || !entry.authorName ? t("call.status.youMissed") : t("call.status.personMissed", { name: entry.authorName });
  }
  switch (call.status) {
    case "queued":
    case "initiated":
      return t("call.status.calling");
    case "ringing":
      return t("call.status.ringing");
    case "in-progress":
      return t("call.status.inProgress");
    case "completed":
      return call.durationSeconds
        ? t("call.status.completedFor", {
            duration: formatCallDuration(call.durationSeconds),
          })
        : t("call.status.completed");
    case "busy":
      return t("call.status.busy");
    case "no-answer":
      return t("call.status.noAnswer");
    case "failed":
      return t("call.status.failed");
    case "canceled":
      return t("call.status.canceled");
  }
}

function DirectionIcon({ inbound }: { inbound: boolean }) {
  return (
    <svg
      aria-hidden
      viewBox="0 0 24 24"
      className="size-4 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72c.13.96.36 1.9.7 2.81a2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45c.91.34 1.85.57 2.81.7A2 2 0 0 1 22 16.92Z" />
      <path d={inbound ? "M16 2v6h6M22 2l-6 6" : "M16 2h6v6M22 2l-6 6"} />
    </svg>
  );
}

/** The call's recording through the files route (members of the organization only; seekable), or why there is none. */
function CallRecording({ call, slug }: { call: CallDetails; slug: string }) {
  const { t } = useI18n();
  const recording = call.recording;
  if (!recording) return null;
  if (recording.state === "stored" && recording.fileId) {
    return (
      <audio
        controls
        preload="none"
        src={`/o/${slug}/files/${recording.fileId}`}
        data-recording-state="stored"
        aria-label={t("call.recording.label")}
        className="w-full max-w-xs"
      />
    );
  }
  const text = {
    pending: "call.recording.pending",
    absent: "call.recording.absent",
    failed: "call.recording.failed",
    removed: "call.recording.removed",
    stored: "call.recording.pending",
  } as const;
  return (
    <p className="text-xs italic text-muted-foreground" data-recording-state={recording.state}>
      {t(text[recording.state])}
    </p>
  );
}

/** What was said on the call, folded away (it can be long); or why there is no transcript (yet). */
function CallTranscript({ call }: { call: CallDetails }) {
  const { t } = useI18n();
  const transcript = shownTranscript(call);
  if (!transcript) return null;
  if (transcript.state === "done") {
    return (
      <details data-transcript-state="done" className="text-sm">
        <summary className="cursor-pointer rounded-sm text-xs font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          {t("call.transcript.title")}
        </summary>
        <p className="mt-1 whitespace-pre-line break-words">{transcript.text}</p>
      </details>
    );
  }
  const text = { pending: "call.transcript.pending", unavailable: "call.transcript.unavailable", failed: "call.transcript.failed" } as const;
  return (
    <p data-transcript-state={transcript.state} aria-live="polite" className={cn("text-xs italic", transcript.state === "failed" ? "text-destructive" : "text-muted-foreground")}>
      {t(text[transcript.state])}
    </p>
  );
}

interface OutcomeReply {
  ok: boolean;
  message: string | null;
  fieldErrors: Record<string, string[] | undefined>;
}

/** How an ended call went: shown to everyone, recorded and changed by members (any of them, not only the caller). */
function CallOutcome({ entry, call, canRecord }: { entry: TimelineEntry; call: CallDetails; canRecord: boolean }) {
  const { t } = useI18n();
  const fetcher = useFetcher<OutcomeReply>();
  const [editing, setEditing] = useState(false);
  const busy = fetcher.state !== "idle";
  const reply = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (reply?.ok) setEditing(false);
  }, [reply]);
  const formId = `call-outcome-${entry.id}`;
  const error = reply && !reply.ok ? reply.fieldErrors.outcome?.[0] ?? reply.fieldErrors.note?.[0] ?? reply.message : null;

  if (!canRecord || (call.outcome && !editing)) {
    return (
      <div className="grid gap-1 border-t pt-2 text-sm" data-call-outcome={call.outcome ?? ""}>
        {call.outcome ? (
          <p>
            <span className="text-muted-foreground">{t("call.outcome.label")}: </span>
            <span className="font-medium">{t(`call.outcome.${call.outcome}`)}</span>
          </p>
        ) : (
          <p className="text-xs text-muted-foreground">{t("call.outcome.none")}</p>
        )}
        {call.outcomeNote ? <p className="whitespace-pre-line break-words">{call.outcomeNote}</p> : null}
        {canRecord ? (
          <div>
            <Button type="button" variant="ghost" size="sm" onClick={() => setEditing(true)}>
              {t("call.outcome.edit")}
            </Button>
          </div>
        ) : null}
      </div>
    );
  }

  return (
    <fetcher.Form method="post" className="grid gap-2 border-t pt-2">
      <input type="hidden" name="intent" value="call-outcome" />
      <input type="hidden" name="callId" value={entry.id} />
      <label htmlFor={`${formId}-outcome`} className="text-xs font-medium">
        {t("call.outcome.label")}
      </label>
      <NativeSelect id={`${formId}-outcome`} name="outcome" required defaultValue={call.outcome ?? ""} aria-invalid={!!reply?.fieldErrors.outcome || undefined}>
        <option value="" disabled>
          {t("call.outcome.choose")}
        </option>
        {CALL_OUTCOMES.map((outcome) => (
          <option key={outcome} value={outcome}>
            {t(`call.outcome.${outcome}`)}
          </option>
        ))}
      </NativeSelect>
      <label htmlFor={`${formId}-note`} className="text-xs font-medium">
        {t("call.outcome.note")}
      </label>
      <textarea
        id={`${formId}-note`}
        name="note"
        rows={2}
        maxLength={CALL_NOTE_MAX_LENGTH}
        defaultValue={call.outcomeNote ?? ""}
        className="w-full rounded-md border bg-background p-2 text-sm"
      />
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? t("call.outcome.saving") : t("call.outcome.save")}
        </Button>
        {call.outcome ? (
          <Button type="button" variant="ghost" size="sm" onClick={() => setEditing(false)}>
            {t("call.outcome.cancel")}
          </Button>
        ) : null}
      </div>
    </fetcher.Form>
  );
}

interface TimelineCallProps {
  entry: TimelineEntry;
  slug: string;
  meId: string;
  timeZone: string;
  /** Members and above record how a call went; viewers only read it. */
  canRecordOutcome: boolean;
}

/**
 * A phone call on the lead's timeline, live: who called or took it, the lead's
 * leg as it progresses (announced politely), its recording, and once it has
 * ended, its outcome and note.
 */
export function TimelineCall({ entry, slug, meId, timeZone, canRecordOutcome }: TimelineCallProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const call = entry.call;
  if (!call) return null;
  const inbound = entry.direction === "inbound";
  const final = isFinalCallStatus(call.status);
  const who = inbound ? t("call.who.inbound") : entry.authorName ? t("call.who.outbound", { name: entry.authorName }) : entry.authorId ? t("call.who.outbound", { name: t("account.delete.removedUser") }) : t("call.who.outboundSomeone");
  return (
    <div className={cn("flex", inbound ? "justify-start" : "justify-end")}>
      <article
        data-call-id={entry.id}
        data-call-status={call.status}
        aria-label={who}
        className={cn("grid w-full max-w-[85%] gap-1.5 rounded-lg border p-2 sm:w-80", inbound ? "bg-card" : "bg-sky-50 dark:bg-sky-950")}
      >
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <DirectionIcon inbound={inbound} />
          <span className="font-medium">{who}</span>
          {inbound && typeof call.answeredByName === "string" && call.status !== "no-answer" && !call.voicemail ? (
            <span className="text-xs text-muted-foreground">{t("call.who.answeredBy", { name: call.answeredByName || t("account.delete.removedUser") })}</span>
          ) : null}
          {call.voicemail ? (
            <Badge variant="secondary" data-voicemail>
              {t("call.voicemail")}
            </Badge>
          ) : null}
        </div>
        <p className="text-sm">
          <span className="sr-only">{t("call.status.label")}: </span>
          <span aria-live="polite" aria-atomic="true" data-call-status-label className={cn(call.status === "failed" && "text-destructive", !final && "italic")}>
            {callStatusLabel(t, entry, call, meId)}
          </span>
        </p>
        <CallRecording call={call} slug={slug} />
        {entry.redactedAt ? <RedactedNotice entry={entry} /> : <CallTranscript call={call} />}
        <div className="flex justify-end text-xs text-muted-foreground">
          <time dateTime={entry.at}>{i18n.dateTime(entry.at, timeZone)}</time>
        </div>
        {final ? <CallOutcome entry={entry} call={call} canRecord={canRecordOutcome} /> : null}
      </article>
    </div>
  );
}
