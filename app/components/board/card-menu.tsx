import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type SyntheticEvent } from "react";
import { Link, useFetcher } from "@remix-run/react";
import { toast } from "~/components/ui/toast";
import { useI18n } from "~/i18n/react";

/** What marks a card's "…" button (its class: no extra attribute on every card); the lead is the card's `data-lead-id`. */
const CARD_MENU_CLASS = "lead-card-menu";

/**
 * The card's own pointer listeners start a drag (dnd-kit's mouse and touch
 * sensors, bound on the card): a press on the menu button stays the button's.
 * Module-level, so every card shares the same two functions.
 */
const keepFromCard = (event: SyntheticEvent) => event.stopPropagation();

/** The "…" button every card carries: plain markup, no state; the one menu of the board opens from it. */
export function CardMenuButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      aria-haspopup="menu"
      aria-label={label}
      className={CARD_MENU_CLASS}
      onMouseDown={keepFromCard}
      onTouchStart={keepFromCard}
    >
      ⋯
    </button>
  );
}

interface CallReply {
  ok: boolean;
  message: string | null;
}

interface OpenMenu {
  leadId: string;
  anchor: HTMLElement;
  /** Below the button, or above it (`bottom`) when the screen ends first. */
  position: { top: number; left: number } | { bottom: number; left: number };
}

const MENU_WIDTH = 176;
/** Two items and the padding: the room the menu needs below its button, else it opens upwards. */
const MENU_HEIGHT = 96;
const itemsOf = (menu: HTMLElement | null) => Array.from(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

function place(anchor: HTMLElement): OpenMenu["position"] {
  const rect = anchor.getBoundingClientRect();
  const left = Math.max(8, Math.min(rect.right - MENU_WIDTH, window.innerWidth - MENU_WIDTH - 8));
  return rect.bottom + 4 + MENU_HEIGHT > window.innerHeight ? { bottom: window.innerHeight - rect.top + 4, left } : { top: rect.bottom + 4, left };
}

/**
 * The board's one card menu ("Ligar", "Abrir"): nothing is rendered until a
 * card's "…" is pressed (a click delegated from the document, not a listener
 * per card), and opening another card's menu closes this one. A call posts to
 * the lead's page with a fetcher that outlives the menu; its answer is a toast.
 */
export function CardMenu({ slug, canCall }: { slug: string; canCall: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<OpenMenu | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const fetcher = useFetcher<CallReply>();
  const shown = useRef<CallReply | null>(null);

  const openRef = useRef<OpenMenu | null>(null);
  const show = useCallback((next: OpenMenu | null, focusAnchor = false) => {
    const current = openRef.current;
    current?.anchor.setAttribute("aria-expanded", "false");
    next?.anchor.setAttribute("aria-expanded", "true");
    openRef.current = next;
    setOpen(next);
    if (focusAnchor) current?.anchor.focus();
  }, []);
  const close = useCallback((focusAnchor: boolean) => show(null, focusAnchor), [show]);

  // One listener for every card's button.
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const button = (event.target as Element | null)?.closest?.(`.${CARD_MENU_CLASS}`);
      const leadId = button?.closest("[data-lead-id]")?.getAttribute("data-lead-id");
      if (!(button instanceof HTMLElement) || !leadId) return;
      event.preventDefault();
      show(openRef.current?.anchor === button ? null : { leadId, anchor: button, position: place(button) });
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [show]);

  // While open: a press outside, a scroll (the card moves away) or a resize closes it.
  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !open.anchor.contains(target)) close(false);
    };
    const moved = (event: Event) => {
      if (!menuRef.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener("pointerdown", outside);
    window.addEventListener("scroll", moved, true);
    window.addEventListener("resize", moved);
    return () => {
      document.removeEventListener("pointerdown", outside);
      window.removeEventListener("scroll", moved, true);
      window.removeEventListener("resize", moved);
    };
  }, [open, close]);

  useEffect(() => {
    if (open) itemsOf(menuRef.current)[0]?.focus();
  }, [open]);

  useEffect(() => {
    const reply = fetcher.state === "idle" ? fetcher.data : undefined;
    if (!reply || shown.current === reply) return;
    shown.current = reply;
    toast({
      title: reply.message ?? t("call.action.failed"),
      variant: reply.ok ? "success" : "destructive",
    });
  }, [fetcher.state, fetcher.data, t]);

  if (!open) return null;

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const items = itemsOf(menuRef.current);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focus = (index: number) => items[(index + items.length) % items.length]?.focus();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focus(at + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focus(at - 1);
        break;
      case "Home":
        event.preventDefault();
        focus(0);
        break;
      case "End":
        event.preventDefault();
        focus(items.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        event.stopPropagation();
        close(true);
        break;
      case "Tab":
        close(false);
        break;
    }
  };

  const item =
    "flex w-full items-center rounded-sm px-3 py-2 text-left text-sm outline-none hover:bg-accent focus-visible:bg-accent focus-visible:ring-2 focus-visible:ring-ring";
  return (
    <div
      ref={menuRef}
      role="menu"
      aria-label={open.anchor.getAttribute("aria-label") ?? undefined}
      data-card-menu-for={open.leadId}
      onKeyDown={onKeyDown}
      style={{ ...open.position, width: MENU_WIDTH }}
      className="fixed z-50 grid gap-0.5 rounded-md border bg-popover p-1 text-popover-foreground shadow-lg"
    >
      {canCall ? (
        <button
          type="button"
          role="menuitem"
          className={item}
          disabled={fetcher.state !== "idle"}
          onClick={() => {
            fetcher.submit({ intent: "call" }, { method: "post", action: `/o/${slug}/leads/${open.leadId}` });
            close(true);
          }}
        >
          {t("call.action.call")}
        </button>
      ) : null}
      <Link role="menuitem" to={`/o/${slug}/leads/${open.leadId}`} className={item} onClick={() => close(false)}>
        {t("call.action.open")}
      </Link>
    </div>
  );
}
