import { forwardRef, useEffect, useRef, type CSSProperties, type HTMLAttributes, type SyntheticEvent } from "react";
import { Link } from "@remix-run/react";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { avatarColor, initials } from "~/components/ui/avatar";
import { ChannelIcon, Icon } from "~/components/board/icons";
import type { CardNote } from "~/components/board/board-state";
import type { BoardCard, BoardPerson } from "~/lib/board-client";
import type { LeadPriority } from "~/lib/lead-enums";
// clsx, not cn: card classes never conflict (component classes sit below utilities), so no tailwind-merge pass per card.
import { clsx } from "clsx";
import { useI18n } from "~/i18n/react";
import { channelLabel, priorityLabel, sourceLabel } from "~/lib/labels";
import { hasNewSummary } from "~/lib/summary-marker";
import { WhatsAppWindowLabel } from "~/components/whatsapp/window-label";
import { CardMenuButton } from "~/components/board/card-menu";

const PRIORITY_STYLE: Record<LeadPriority, string> = {
  low: "text-slate-400",
  medium: "text-sky-500",
  high: "text-amber-500",
  urgent: "text-red-600",
};

interface LeadCardProps {
  card: BoardCard;
  slug: string;
  currency: string;
  now: number;
  canMove: boolean;
  /** When the reader last opened this lead having seen its newest summary (the board page's own data, not the card's). */
  visitedAt?: string;
  /** A teammate who is dragging this card right now. */
  lockedBy?: BoardPerson | null;
  note?: CardNote;
  onNoteDone?: (leadId: string, key: number) => void;
}

/** Initials only (people have no photos), so one element rather than an image-with-fallback avatar. */
export function PersonAvatar({ person, className }: { person: BoardPerson; className?: string }) {
  return (
    <span className={clsx("person-avatar", avatarColor(person.id), className)} title={person.fullName}>
      {initials(person.fullName)}
    </span>
  );
}

function NoteBadge({ note, onDone }: { note: CardNote; onDone: () => void }) {
  const ref = useRef<HTMLSpanElement>(null);
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  });
  useEffect(() => {
    const animation = ref.current?.animate(
      [
        { opacity: 0, transform: "translateY(4px)" },
        { opacity: 1, transform: "none", offset: 0.08 },
        { opacity: 1, transform: "none", offset: 0.85 },
        { opacity: 0, transform: "none" },
      ],
      { duration: 4000, easing: "ease-out", fill: "forwards" },
    );
    if (!animation) return;
    animation.onfinish = () => onDoneRef.current();
    return () => animation.cancel();
  }, [note.key]);
  return (
    <span
      ref={ref}
      role="status"
      className="pointer-events-none absolute -top-2.5 right-2 z-20 rounded-full bg-foreground px-2 py-0.5 text-[11px] font-medium text-background shadow-md"
    >
      {note.text}
    </span>
  );
}

interface ViewProps extends LeadCardProps, Omit<HTMLAttributes<HTMLDivElement>, "children"> {
  handle?: HTMLAttributes<HTMLButtonElement> & { ref?: (element: HTMLElement | null) => void };
  dragging?: boolean;
  overlay?: boolean;
}

/** What a card looks like; `overlay` is the copy that follows the pointer during a drag. */
export const LeadCardView = forwardRef<HTMLDivElement, ViewProps>(function LeadCardView(
  { card, slug, currency, now, canMove, visitedAt, lockedBy, note, onNoteDone, handle, dragging, overlay, className, ...rest },
  ref,
) {
  const i18n = useI18n();
  const { t } = i18n;
  const extraTags = card.tags.length - 2;
  const priority = priorityLabel(t, card.priority);
  const locked = !!lockedBy;
  const newSummary = hasNewSummary(card.aiSummaryAt, visitedAt);
  const sentiment = card.aiSentiment ? t("ai.card.sentiment", { sentiment: t(`ai.panel.sentiment.${card.aiSentiment}`) }) : null;
  return (
    <div
      ref={ref}
      {...(overlay
        ? {}
        : { "data-lead-id": card.id, "data-version": card.version, "data-ai-sentiment": card.aiSentiment ?? undefined, "data-summary-new": newSummary || undefined })}
      className={clsx(
        "lead-card",
        !overlay && "lead-card-hover",
        canMove && !locked && "grabbable",
        dragging && "border-dashed border-primary/50 bg-primary/5 opacity-60 shadow-none",
        overlay && "rotate-[1.5deg] cursor-grabbing border-primary/50 shadow-xl ring-1 ring-primary/20",
        locked && "border-dashed opacity-75",
        className,
      )}
      {...rest}
    >
      {note && onNoteDone ? <NoteBadge note={note} onDone={() => onNoteDone(card.id, note.key)} /> : null}
      <div className="lead-card-head">
        <span className={clsx("lead-card-flag", PRIORITY_STYLE[card.priority])} title={t("card.priority", { priority })}>
          <Icon name="flag" className="size-4" />
          <span className="sr-only">{t("card.priority", { priority })}</span>
        </span>
        <div className="min-w-0 flex-1">
          {overlay ? (
            <p className="lead-card-name">{card.fullName}</p>
          ) : (
            <Link
              to={`/o/${slug}/leads/${card.id}`}
              draggable={false}
              className="lead-card-name lead-card-link"
            >
              {card.fullName}
            </Link>
          )}
          {card.company ? <p className="lead-card-company">{card.company}</p> : null}
        </div>
        {card.unreadCount > 0 ? (
          <span className="unread-badge" title={t("card.unread", { count: card.unreadCount })}>
            <span aria-hidden>{card.unreadCount > 99 ? "99+" : card.unreadCount}</span>
            <span className="sr-only">{t("card.unread", { count: card.unreadCount })}</span>
          </span>
        ) : null}
        {card.assignee ? <PersonAvatar person={card.assignee} /> : null}
        {overlay ? null : <CardMenuButton label={t("call.action.menu", { name: card.fullName })} />}
        {handle ? (
          <button
            type="button"
            {...handle}
            aria-label={t("card.move", { name: card.fullName })}
            className="lead-card-grip"
          >
            <Icon name="grip" className="size-4" />
          </button>
        ) : null}
      </div>
      <div className="lead-card-row">
        {card.aiSentiment ? (
          <span className="ai-sentiment-dot" data-sentiment={card.aiSentiment} title={sentiment ?? undefined}>
            <span className="sr-only">{sentiment}</span>
          </span>
        ) : null}
        {newSummary ? (
          <span className="chip chip-summary" title={t("ai.card.newSummaryTitle")}>
            {t("ai.card.newSummary")}
          </span>
        ) : null}
        {card.estimatedValue !== null ? (
          <span className="lead-card-value">{i18n.money(card.estimatedValue, currency)}</span>
        ) : null}
        {card.priority === "urgent" || card.priority === "high" ? (
          <span
            aria-hidden
            className={clsx("priority-badge", card.priority === "urgent" ? "bg-red-50 text-red-700" : "bg-amber-50 text-amber-800")}
          >
            {priority}
          </span>
        ) : null}
      </div>
      {card.source || card.tags.length > 0 ? (
        <div className="lead-card-tags">
          {card.source ? <span className="chip chip-outline">{sourceLabel(t, card.source)}</span> : null}
          {card.tags.slice(0, 2).map((tag) => (
            <span key={tag} className="chip chip-tag">
              {tag}
            </span>
          ))}
          {extraTags > 0 ? (
            <span className="chip chip-more" title={card.tags.slice(2).join(", ")}>
              +{extraTags}
            </span>
          ) : null}
        </div>
      ) : null}
      {card.lastContactAt ? (
        <p className="lead-card-contact">
          <ChannelIcon channel={card.lastContactChannel ?? "note"} className={clsx("size-3.5", card.lastContactChannel === "whatsapp" && "text-emerald-600")} />
          <span className="sr-only">{t("card.lastContact", { channel: channelLabel(t, card.lastContactChannel ?? "note") })}</span>
          <time dateTime={card.lastContactAt} suppressHydrationWarning>
            {i18n.relative(card.lastContactAt, now)}
          </time>
          <WhatsAppWindowLabel lastInboundAt={card.lastInboundAt} now={now} className="lead-card-window" />
        </p>
      ) : null}
      {lockedBy ? (
        <p className="mt-2 flex items-center gap-1.5 text-xs font-medium text-foreground/80">
          <Icon name="lock" className="size-3.5" />
          <PersonAvatar person={lockedBy} className="size-5" />
          <span className="truncate">{t("card.beingMoved", { name: lockedBy.fullName.split(" ")[0] })}</span>
        </p>
      ) : null}
    </div>
  );
});

/** A card that can be dragged (mouse and touch anywhere on it, keyboard from its handle). */
export function SortableLeadCard(props: LeadCardProps) {
  const { card, canMove, lockedBy } = props;
  const { t } = useI18n();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
    disabled: { draggable: !canMove || !!lockedBy, droppable: false },
    attributes: { roleDescription: t("card.roleDescription") },
  });
  const { onKeyDown, ...pointerListeners } = (listeners ?? {}) as Record<string, (event: SyntheticEvent) => void>;
  // The handle is a native button already: dnd-kit's generic role and tab stop would only repeat that on every card.
  const { role: _role, tabIndex: _tabIndex, ...handleAttributes } = attributes;
  const style: CSSProperties = { transform: CSS.Translate.toString(transform), transition };
  const draggable = canMove && !lockedBy;
  return (
    <LeadCardView
      {...props}
      ref={setNodeRef}
      style={style}
      dragging={isDragging}
      {...(draggable ? pointerListeners : {})}
      handle={draggable ? { ...handleAttributes, onKeyDown, ref: setActivatorNodeRef } : undefined}
    />
  );
}
