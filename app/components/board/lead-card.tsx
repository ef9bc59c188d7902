import { forwardRef, useEffect, useRef, type CSSProperties, type HTMLAttributes, type SyntheticEvent } from "react";
import { Link } from "@remix-run/react";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Avatar, AvatarFallback, avatarColor, initials } from "~/components/ui/avatar";
import { ChannelIcon, FlagIcon, GripIcon, LockIcon } from "~/components/board/icons";
import type { CardNote } from "~/components/board/board-state";
import type { BoardCard, BoardPerson } from "~/lib/board-client";
import type { LeadPriority } from "~/lib/lead-enums";
import { cn } from "~/lib/cn";
import { useI18n } from "~/i18n/react";
import { channelLabel, priorityLabel, sourceLabel } from "~/lib/labels";

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
  /** A teammate who is dragging this card right now. */
  lockedBy?: BoardPerson | null;
  note?: CardNote;
  onNoteDone?: (leadId: string, key: number) => void;
}

export function PersonAvatar({ person, className }: { person: BoardPerson; className?: string }) {
  return (
    <Avatar className={cn("size-7", className)} title={person.fullName}>
      <AvatarFallback className={cn("text-[11px] font-semibold", avatarColor(person.id))}>{initials(person.fullName)}</AvatarFallback>
    </Avatar>
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
  { card, slug, currency, now, canMove, lockedBy, note, onNoteDone, handle, dragging, overlay, className, ...rest },
  ref,
) {
  const i18n = useI18n();
  const { t } = i18n;
  const extraTags = card.tags.length - 2;
  const priority = priorityLabel(t, card.priority);
  const locked = !!lockedBy;
  return (
    <div
      ref={ref}
      {...(overlay ? {} : { "data-lead-id": card.id, "data-version": card.version })}
      className={cn(
        "group/card relative rounded-lg border bg-card p-3 text-card-foreground shadow-sm outline-none transition-[box-shadow,border-color,opacity]",
        "[-webkit-touch-callout:none] [@media(pointer:coarse)]:select-none",
        !overlay && "hover:border-primary/40 hover:shadow-md focus-within:border-primary/50",
        canMove && !locked && "cursor-grab touch-manipulation active:cursor-grabbing",
        dragging && "border-dashed border-primary/50 bg-primary/5 opacity-60 shadow-none",
        overlay && "rotate-[1.5deg] cursor-grabbing border-primary/50 shadow-xl ring-1 ring-primary/20",
        locked && "border-dashed opacity-75",
        className,
      )}
      {...rest}
    >
      {note && onNoteDone ? <NoteBadge note={note} onDone={() => onNoteDone(card.id, note.key)} /> : null}
      <div className="flex items-start gap-2">
        <span
          className={cn("mt-0.5 shrink-0", PRIORITY_STYLE[card.priority])}
          title={t("card.priority", { priority })}
        >
          <FlagIcon className="size-4" />
          <span className="sr-only">{t("card.priority", { priority })}</span>
        </span>
        <div className="min-w-0 flex-1">
          {overlay ? (
            <p className="line-clamp-2 break-words font-medium leading-5">{card.fullName}</p>
          ) : (
            <Link
              to={`/o/${slug}/leads/${card.id}`}
              draggable={false}
              className="line-clamp-2 break-words font-medium leading-5 outline-none after:absolute after:inset-0 after:rounded-lg focus-visible:after:ring-2 focus-visible:after:ring-ring"
            >
              {card.fullName}
            </Link>
          )}
          {card.company ? <p className="truncate text-sm leading-5 text-muted-foreground">{card.company}</p> : null}
        </div>
        {card.assignee ? <PersonAvatar person={card.assignee} /> : null}
        {handle ? (
          <button
            type="button"
            {...handle}
            aria-label={t("card.move", { name: card.fullName })}
            className={cn(
              "relative z-10 -mr-1.5 -mt-1 flex size-8 shrink-0 cursor-grab touch-none items-center justify-center rounded-md text-muted-foreground/70 transition",
              "hover:bg-accent hover:text-foreground focus-visible:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              "[@media(pointer:fine)]:opacity-0 [@media(pointer:fine)]:focus-visible:opacity-100 [@media(pointer:fine)]:group-hover/card:opacity-100",
            )}
          >
            <GripIcon className="size-4" />
          </button>
        ) : null}
      </div>
      <div className="mt-2 flex min-h-6 flex-wrap items-center gap-1.5">
        {card.estimatedValue !== null ? (
          <span className="mr-0.5 text-sm font-semibold tabular-nums">{i18n.money(card.estimatedValue, currency)}</span>
        ) : null}
        {card.priority === "urgent" || card.priority === "high" ? (
          <span
            aria-hidden
            className={cn(
              "rounded px-1.5 py-px text-[11px] font-semibold uppercase tracking-wide",
              card.priority === "urgent" ? "bg-red-50 text-red-700" : "bg-amber-50 text-amber-800",
            )}
          >
            {priority}
          </span>
        ) : null}
      </div>
      {card.source || card.tags.length > 0 ? (
        <div className="mt-1.5 flex flex-wrap items-center gap-1">
          {card.source ? (
            <span className="rounded-full border px-2 py-px text-[11px] font-medium text-foreground/80">
              {sourceLabel(t, card.source)}
            </span>
          ) : null}
          {card.tags.slice(0, 2).map((tag) => (
            <span key={tag} className="max-w-[8rem] truncate rounded-full bg-secondary px-2 py-px text-[11px] font-medium text-secondary-foreground">
              {tag}
            </span>
          ))}
          {extraTags > 0 ? (
            <span className="rounded-full bg-secondary px-1.5 py-px text-[11px] font-medium text-muted-foreground" title={card.tags.slice(2).join(", ")}>
              +{extraTags}
            </span>
          ) : null}
        </div>
      ) : null}
      {card.lastContactAt ? (
        <p className="mt-2 flex items-center gap-1.5 border-t border-border/60 pt-2 text-xs text-muted-foreground">
          <ChannelIcon channel={card.lastContactChannel ?? "note"} className={cn("size-3.5", card.lastContactChannel === "whatsapp" && "text-emerald-600")} />
          <span className="sr-only">{t("card.lastContact", { channel: channelLabel(t, card.lastContactChannel ?? "note") })}</span>
          <time dateTime={card.lastContactAt} suppressHydrationWarning>
            {i18n.relative(card.lastContactAt, now)}
          </time>
        </p>
      ) : null}
      {lockedBy ? (
        <p className="mt-2 flex items-center gap-1.5 text-xs font-medium text-foreground/80">
          <LockIcon className="size-3.5" />
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
  const style: CSSProperties = { transform: CSS.Translate.toString(transform), transition };
  const draggable = canMove && !lockedBy;
  return (
    <LeadCardView
      {...props}
      ref={setNodeRef}
      style={style}
      dragging={isDragging}
      {...(draggable ? pointerListeners : {})}
      handle={draggable ? { ...attributes, onKeyDown, ref: setActivatorNodeRef } : undefined}
    />
  );
}
