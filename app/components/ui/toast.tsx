/**
 * Short notices ("Helena moved this lead…") in one live region that is on
 * the page from the start (screen readers announce what is added to it),
 * in-house rather than a toast library: a timer that waits while the reader
 * hovers or focuses a notice, a close button, Escape, and F8 to reach them by
 * keyboard — a few hundred bytes instead of ~10 KB on every page.
 */
import * as React from "react";
import { cn } from "~/lib/cn";
import { CloseIcon } from "./close-icon";

export type ToastVariant = "default" | "destructive" | "success";

const VARIANT_CLASSES: Record<ToastVariant, string> = {
  default: "border-border bg-background text-foreground",
  destructive: "border-destructive bg-destructive text-destructive-foreground",
  success: "border-success bg-success text-success-foreground",
};

export interface ToastOptions {
  title?: React.ReactNode;
  description?: React.ReactNode;
  variant?: ToastVariant;
  /** Auto-dismiss delay in ms (default: the Toaster's). */
  duration?: number;
}

interface ToastItem extends ToastOptions {
  id: string;
  open: boolean;
}

const TOAST_LIMIT = 3;
/** How long a dismissed toast stays mounted so its exit animation can run. */
const REMOVE_DELAY = 1000;
const HOTKEY = "F8";

/* The store: module level, browser only (never shared between requests). */

let toasts: readonly ToastItem[] = [];
const EMPTY: readonly ToastItem[] = [];
const listeners = new Set<() => void>();
let counter = 0;

function setToasts(next: readonly ToastItem[]) {
  toasts = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Closes a toast (or all toasts when no id is given). */
function dismissToast(id?: string) {
  const closing = toasts.filter((t) => t.open && (id === undefined || t.id === id));
  if (closing.length === 0) return;
  setToasts(toasts.map((t) => (closing.includes(t) ? { ...t, open: false } : t)));
  for (const t of closing) {
    setTimeout(() => setToasts(toasts.filter((x) => x.id !== t.id)), REMOVE_DELAY);
  }
}

/** Shows a toast. Safe to import anywhere; during SSR it does nothing. */
export function toast(options: ToastOptions) {
  const id = `toast-${++counter}`;
  if (typeof window !== "undefined") setToasts([{ ...options, id, open: true }, ...toasts].slice(0, TOAST_LIMIT));
  return { id, dismiss: () => dismissToast(id) };
}

/** Runs `onExpire` after `duration`, except while `paused`; the time left survives a pause. */
function useExpiry(duration: number, paused: boolean, onExpire: () => void) {
  const left = React.useRef(duration);
  React.useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(onExpire, left.current);
    return () => {
      clearTimeout(timer);
      left.current = Math.max(0, left.current - (Date.now() - started));
    };
  }, [paused, onExpire]);
}

function ToastCard({ item, duration, closeLabel }: { item: ToastItem; duration: number; closeLabel: string }) {
  const [hovered, setHovered] = React.useState(false);
  const [focused, setFocused] = React.useState(false);
  const dismiss = React.useCallback(() => dismissToast(item.id), [item.id]);
  useExpiry(item.duration ?? duration, hovered || focused || !item.open, dismiss);
  const variant = item.variant ?? "default";
  return (
    <li
      // A closing notice is leaving: out of the tab order and of what is read.
      tabIndex={item.open ? 0 : -1}
      aria-hidden={item.open ? undefined : true}
      data-state={item.open ? "open" : "closed"}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => setFocused(event.currentTarget.contains(event.relatedTarget))}
      onKeyDown={(event) => {
        if (event.key === "Escape") dismiss();
      }}
      className={cn(
        "group pointer-events-auto relative flex w-full items-start justify-between gap-3 overflow-hidden rounded-lg border p-4 pr-12 shadow-lg transition-all focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring data-[state=closed]:animate-toast-out data-[state=open]:animate-toast-in sm:data-[state=open]:animate-toast-in-right",
        VARIANT_CLASSES[variant],
      )}
    >
      <div className="grid gap-1">
        {item.title ? <div className="text-sm font-semibold">{item.title}</div> : null}
        {item.description ? <div className="text-sm opacity-90">{item.description}</div> : null}
      </div>
      <button
        type="button"
        aria-label={closeLabel}
        onClick={dismiss}
        className="absolute right-1 top-1 inline-flex size-10 items-center justify-center rounded-md opacity-70 transition-opacity hover:opacity-100 focus-visible:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <CloseIcon />
      </button>
    </li>
  );
}

export interface ToasterProps {
  /** Label of the notifications region; `{hotkey}` becomes the key that focuses it. */
  viewportLabel: string;
  closeLabel: string;
  duration?: number;
}

/** Mount once (root.tsx). */
export function Toaster({ viewportLabel, closeLabel, duration = 5000 }: ToasterProps) {
  const items = React.useSyncExternalStore(subscribe, () => toasts, () => EMPTY);
  const list = React.useRef<HTMLOListElement>(null);
  React.useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const first = list.current?.querySelector<HTMLElement>('li[data-state="open"]');
      if (event.key === HOTKEY && first) first.focus();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
  return (
    <section aria-label={viewportLabel.replace("{hotkey}", HOTKEY)}>
      <ol
        ref={list}
        aria-live="polite"
        className="fixed inset-x-0 bottom-0 z-[100] m-0 flex max-h-screen w-full list-none flex-col gap-2 p-4 outline-none sm:left-auto sm:right-0 sm:max-w-[420px]"
      >
        {items.map((item) => (
          <ToastCard key={item.id} item={item} duration={duration} closeLabel={closeLabel} />
        ))}
      </ol>
    </section>
  );
}
