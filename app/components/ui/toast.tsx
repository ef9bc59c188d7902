import * as React from "react";
import * as ToastPrimitive from "@radix-ui/react-toast";
import { cva, type VariantProps } from "class-variance-authority";

import { cn } from "~/lib/cn";
import { CloseIcon } from "./close-icon";

/* -------------------------------------------------------------------------- */
/* Primitives                                                                  */
/* -------------------------------------------------------------------------- */

export const ToastProvider = ToastPrimitive.Provider;

export const ToastViewport = React.forwardRef<
  React.ElementRef<typeof ToastPrimitive.Viewport>,
  React.ComponentPropsWithoutRef<typeof ToastPrimitive.Viewport>
>(({ className, ...props }, ref) => (
  <ToastPrimitive.Viewport
    ref={ref}
    className={cn(
      "fixed inset-x-0 bottom-0 z-[100] m-0 flex max-h-screen w-full list-none flex-col gap-2 p-4 outline-none sm:left-auto sm:right-0 sm:max-w-[420px]",
      className,
    )}
    {...props}
  />
));
ToastViewport.displayName = "ToastViewport";

export const toastVariants = cva(
  "group pointer-events-auto relative flex w-full items-start justify-between gap-3 overflow-hidden rounded-lg border p-4 pr-12 shadow-lg transition-all data-[state=open]:animate-toast-in data-[state=closed]:animate-toast-out data-[swipe=cancel]:translate-x-0 data-[swipe=end]:animate-toast-swipe-out data-[swipe=move]:translate-x-[--radix-toast-swipe-move-x] data-[swipe=move]:transition-none sm:data-[state=open]:animate-toast-in-right",
  {
    variants: {
      variant: {
        default: "border-border bg-background text-foreground",
        destructive: "border-destructive bg-destructive text-destructive-foreground",
        success: "border-success bg-success text-success-foreground",
      },
    },
    defaultVariants: { variant: "default" },
  },
);

export type ToastVariant = NonNullable<VariantProps<typeof toastVariants>["variant"]>;

export const Toast = React.forwardRef<
  React.ElementRef<typeof ToastPrimitive.Root>,
  React.ComponentPropsWithoutRef<typeof ToastPrimitive.Root> & VariantProps<typeof toastVariants>
>(({ className, variant, ...props }, ref) => (
  <ToastPrimitive.Root ref={ref} className={cn(toastVariants({ variant }), className)} {...props} />
));
Toast.displayName = "Toast";

export const ToastTitle = React.forwardRef<
  React.ElementRef<typeof ToastPrimitive.Title>,
  React.ComponentPropsWithoutRef<typeof ToastPrimitive.Title>
>(({ className, ...props }, ref) => (
  <ToastPrimitive.Title ref={ref} className={cn("text-sm font-semibold", className)} {...props} />
));
ToastTitle.displayName = "ToastTitle";

export const ToastDescription = React.forwardRef<
  React.ElementRef<typeof ToastPrimitive.Description>,
  React.ComponentPropsWithoutRef<typeof ToastPrimitive.Description>
>(({ className, ...props }, ref) => (
  <ToastPrimitive.Description ref={ref} className={cn("text-sm opacity-90", className)} {...props} />
));
ToastDescription.displayName = "ToastDescription";

export const ToastAction = React.forwardRef<
  React.ElementRef<typeof ToastPrimitive.Action>,
  React.ComponentPropsWithoutRef<typeof ToastPrimitive.Action>
>(({ className, ...props }, ref) => (
  <ToastPrimitive.Action
    ref={ref}
    className={cn(
      "inline-flex h-10 shrink-0 items-center justify-center self-center rounded-md border border-input bg-transparent px-3 text-sm font-medium transition-colors hover:bg-foreground/5 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:pointer-events-none disabled:opacity-50 group-[.destructive]:border-destructive-foreground/40 group-[.destructive]:hover:bg-destructive-foreground/10 group-[.success]:border-success-foreground/40 group-[.success]:hover:bg-success-foreground/10",
      className,
    )}
    {...props}
  />
));
ToastAction.displayName = "ToastAction";

export const ToastClose = React.forwardRef<
  React.ElementRef<typeof ToastPrimitive.Close>,
  React.ComponentPropsWithoutRef<typeof ToastPrimitive.Close> & { label?: string }
>(({ className, label = "Fechar", ...props }, ref) => (
  <ToastPrimitive.Close
    ref={ref}
    aria-label={label}
    className={cn(
      "absolute right-1 top-1 inline-flex size-10 items-center justify-center rounded-md opacity-70 transition-opacity hover:opacity-100 focus-visible:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
      className,
    )}
    {...props}
  >
    <CloseIcon />
  </ToastPrimitive.Close>
));
ToastClose.displayName = "ToastClose";

export type ToastActionElement = React.ReactElement<typeof ToastAction>;

/* -------------------------------------------------------------------------- */
/* Store (module level, client only)                                          */
/* -------------------------------------------------------------------------- */

export interface ToastOptions {
  title?: React.ReactNode;
  description?: React.ReactNode;
  variant?: ToastVariant;
  /** Optional <ToastAction altText="…"> element. */
  action?: ToastActionElement;
  /** Auto-dismiss delay in ms (default: provider's 5000). */
  duration?: number;
}

export interface ToastItem extends ToastOptions {
  id: string;
  open: boolean;
}

const TOAST_LIMIT = 3;
/** How long a dismissed toast stays mounted so its exit animation can run. */
const REMOVE_DELAY = 1000;

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

const getSnapshot = () => toasts;
const getServerSnapshot = () => EMPTY;

/** Close a toast (or all toasts when no id is given). */
export function dismissToast(id?: string) {
  const closing = toasts.filter((t) => t.open && (id === undefined || t.id === id));
  if (closing.length === 0) return;
  setToasts(toasts.map((t) => (closing.includes(t) ? { ...t, open: false } : t)));
  for (const t of closing) {
    setTimeout(() => setToasts(toasts.filter((x) => x.id !== t.id)), REMOVE_DELAY);
  }
}

/**
 * Show a toast. Safe to import anywhere; calling it during SSR is a no-op
 * (the store lives in the browser only, never shared between requests).
 */
export function toast(options: ToastOptions) {
  const id = `toast-${++counter}`;
  const handle = {
    id,
    dismiss: () => dismissToast(id),
    update: (next: ToastOptions) =>
      setToasts(toasts.map((t) => (t.id === id ? { ...t, ...next } : t))),
  };
  if (typeof window === "undefined") return handle;
  setToasts([{ ...options, id, open: true }, ...toasts].slice(0, TOAST_LIMIT));
  return handle;
}

export function useToast() {
  const items = React.useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  return { toasts: items, toast, dismiss: dismissToast };
}

/* -------------------------------------------------------------------------- */
/* Toaster: mount once (e.g. in root.tsx)                                     */
/* -------------------------------------------------------------------------- */

export interface ToasterProps {
  /** Screen-reader label announced with each toast. */
  label?: string;
  /** Label of the notifications region; `{hotkey}` is replaced by Radix (F8). */
  viewportLabel?: string;
  closeLabel?: string;
  duration?: number;
}

export function Toaster({
  label = "Notificação",
  viewportLabel = "Notificações ({hotkey})",
  closeLabel = "Fechar",
  duration = 5000,
}: ToasterProps) {
  const { toasts: items } = useToast();
  return (
    <ToastProvider label={label} duration={duration} swipeDirection="right">
      {items.map(({ id, title, description, action, variant, duration: itemDuration, open }) => (
        <Toast
          key={id}
          variant={variant}
          className={variant ?? "default"}
          open={open}
          duration={itemDuration}
          onOpenChange={(next) => {
            if (!next) dismissToast(id);
          }}
        >
          <div className="grid gap-1">
            {title ? <ToastTitle>{title}</ToastTitle> : null}
            {description ? <ToastDescription>{description}</ToastDescription> : null}
          </div>
          {action}
          <ToastClose label={closeLabel} />
        </Toast>
      ))}
      <ToastViewport label={viewportLabel} />
    </ToastProvider>
  );
}
