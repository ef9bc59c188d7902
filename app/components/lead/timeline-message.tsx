import { useI18n } from "~/i18n/react";
import type { TimelineEntry } from "~/lib/timeline";
import { cn } from "~/lib/cn";
import { channelLabel } from "~/lib/labels";
import { RedactedNotice } from "./timeline-redacted";

/** Ticks as WhatsApp shows them, with words for screen readers. */
export function DeliveryTicks({ status }: { status: TimelineEntry["status"] }) {
  const { t } = useI18n();
  if (!status || status === "received") return null;
  const mark = { queued: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓", failed: "!" }[status];
  return (
    <span data-ticks={status} className={cn("text-xs", status === "read" && "text-sky-600", status === "failed" && "font-bold text-destructive")}>
      <span aria-hidden>{mark}</span>
      <span className="sr-only">{t(`timeline.status.${status}`)}</span>
    </span>
  );
}

/** A message's picture, audio, video or document, through the files route once the worker has stored it. */
function MessageMedia({ entry, slug }: { entry: TimelineEntry; slug: string }) {
  const { t } = useI18n();
  const media = entry.media;
  if (!media) return null;
  if (media.state !== "stored" || !media.fileId) {
    return (
      <p className="text-xs italic text-muted-foreground" data-media-state={media.state}>
        {media.state === "removed" ? t("timeline.media.removed") : media.state === "failed" ? t("timeline.media.unavailable") : t("timeline.media.pending")}
      </p>
    );
  }
  const src = `/o/${slug}/files/${media.fileId}`;
  switch (media.kind) {
    case "image":
    case "sticker":
      return (
        <a href={src} target="_blank" rel="noreferrer">
          <img src={src} alt={entry.content || t(`timeline.kind.${media.kind}`)} loading="lazy" className="max-h-64 max-w-full rounded-md" />
        </a>
      );
    case "audio":
      return <audio controls preload="none" src={src} className="w-full max-w-xs" aria-label={t(media.voice ? "timeline.kind.voice" : "timeline.kind.audio")} />;
    case "video":
      return <video controls preload="none" src={src} className="max-h-64 max-w-full rounded-md" />;
    case "document":
      return (
        <a href={src} className="text-sm underline" download={media.filename ?? true}>
          📄 {media.filename ?? t("timeline.kind.document")}
        </a>
      );
  }
}

/** What a message says, by its kind. */
function MessageBody({ entry, slug }: { entry: TimelineEntry; slug: string }) {
  const { t } = useI18n();
  if (entry.redactedAt)
    return (
      <>
        <MessageMedia entry={entry} slug={slug} />
        <RedactedNotice entry={entry} />
      </>
    );
  switch (entry.kind) {
    case "location": {
      const place = entry.location;
      if (!place) return null;
      const map = `https://www.openstreetmap.org/?mlat=${place.latitude}&mlon=${place.longitude}#map=16/${place.latitude}/${place.longitude}`;
      return (
        <p className="text-sm">
          📍 {[place.name, place.address].filter(Boolean).join(" · ") || t("timeline.kind.location")}{" "}
          <a href={map} target="_blank" rel="noreferrer" className="underline">
            {t("timeline.openMap")}
          </a>
        </p>
      );
    }
    case "contacts":
      return (
        <ul className="text-sm">
          {entry.contacts.map((contact, index) => (
            <li key={index}>
              👤 {contact.name} {contact.phones.join(", ")}
            </li>
          ))}
        </ul>
      );
    case "unsupported":
      return <p className="text-sm italic text-muted-foreground">{t("timeline.kind.unsupported")}</p>;
    default:
      return (
        <>
          <MessageMedia entry={entry} slug={slug} />
          {entry.kind === "template" ? <p className="text-xs text-muted-foreground">{t("timeline.template")}</p> : null}
          {entry.content ? <p className="whitespace-pre-line break-words text-sm">{entry.content}</p> : null}
        </>
      );
  }
}

/** One message (WhatsApp; later a call): the lead's on the left, ours on the right, with its ticks and reactions. */
export function TimelineMessage({ entry, slug, timeZone }: { entry: TimelineEntry; slug: string; timeZone: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const inbound = entry.direction === "inbound";
  return (
    <div className={cn("flex", inbound ? "justify-start" : "justify-end")}>
      <div className={cn("grid max-w-[85%] gap-1 rounded-lg border p-2", inbound ? "bg-card" : "bg-emerald-50 dark:bg-emerald-950")}>
        <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
          <span className="font-medium text-foreground">{channelLabel(t, entry.channel)}</span>
          <span>{inbound ? t("timeline.inbound") : t("timeline.outbound")}</span>
          {entry.authorId ? <span>· {entry.authorName || t("account.delete.removedUser")}</span> : null}
        </div>
        <MessageBody entry={entry} slug={slug} />
        {entry.error ? (
          <p role="note" className="text-xs text-destructive">
            {t("timeline.failed", { reason: entry.error.title })}
          </p>
        ) : null}
        <div className="flex items-center justify-end gap-2 text-xs text-muted-foreground">
          {entry.reactions.length ? <span aria-label={t("timeline.reactions")}>{entry.reactions.map((r) => r.emoji).join(" ")}</span> : null}
          <time dateTime={entry.at}>{i18n.dateTime(entry.at, timeZone)}</time>
          <DeliveryTicks status={entry.status} />
        </div>
      </div>
    </div>
  );
}
