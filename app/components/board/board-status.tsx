import type { PlainMessageKey } from "~/i18n/catalogue";
import { useI18n } from "~/i18n/react";
import { PersonAvatar } from "~/components/board/lead-card";
import type { StreamStatus } from "~/hooks/use-event-stream";
import type { BoardPerson } from "~/lib/board-client";
import { cn } from "~/lib/cn";

const MAX_AVATARS = 4;

/** Teammates with the board open right now: the first few of `total`. */
export function PresenceAvatars({ people, total }: { people: BoardPerson[]; total: number }) {
  const { t } = useI18n();
  if (people.length === 0) return null;
  const shown = people.slice(0, MAX_AVATARS);
  const unnamed = total - people.length;
  const names = people.map((person) => person.fullName).join(", ") + (unnamed > 0 ? ` +${unnamed}` : "");
  return (
    <div className="flex items-center" role="group" aria-label={t("presence.alsoHere", { names })} title={t("presence.here", { names })}>
      <div className="flex -space-x-2" data-testid="presence">
        {shown.map((person) => (
          <PersonAvatar key={person.id} person={person} className="size-8 ring-2 ring-background" />
        ))}
        {total > shown.length ? (
          <span className="flex size-8 items-center justify-center rounded-full bg-muted text-xs font-semibold text-muted-foreground ring-2 ring-background">
            +{total - shown.length}
          </span>
        ) : null}
      </div>
    </div>
  );
}

const STATUS: Record<StreamStatus, { label: PlainMessageKey; dot: string; text: string }> = {
  live: { label: "connection.live", dot: "bg-emerald-500", text: "text-emerald-700" },
  connecting: { label: "connection.connecting", dot: "bg-slate-400", text: "text-muted-foreground" },
  reconnecting: { label: "connection.reconnecting", dot: "bg-amber-500 animate-pulse", text: "text-amber-700" },
};

/** Whether this board is receiving live changes; discreet when it is, visible when it is not. */
export function ConnectionBadge({ status }: { status: StreamStatus }) {
  const { t } = useI18n();
  const { label, dot, text } = STATUS[status];
  return (
    <span
      role="status"
      data-connection={status}
      className={cn("inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-1 text-xs font-medium", text, status !== "live" && "bg-muted")}
      title={status === "live" ? t("connection.liveHint") : t("connection.offlineHint")}
    >
      <span aria-hidden className="relative flex size-2">
        {status === "live" ? <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60 [animation-duration:2.5s]" /> : null}
        <span className={cn("relative inline-flex size-2 rounded-full", dot)} />
      </span>
      <span className={cn(status === "live" && "sr-only sm:not-sr-only")}>{t(label)}</span>
    </span>
  );
}
