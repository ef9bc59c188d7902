import * as React from "react";
import { Slot } from "@radix-ui/react-slot";

import { cn } from "~/lib/cn";

/**
 * A menu button (WAI-ARIA menu pattern) on plain elements: the trigger says
 * `aria-haspopup="menu"`/`aria-expanded`, arrows move focus between items,
 * Escape closes and hands focus back to the trigger, Tab or a click outside
 * closes. The items stay mounted (hidden while closed) so a submit button in a
 * menu still belongs to a connected form when its click closes the menu.
 */
interface MenuState {
  open: boolean;
  setOpen(open: boolean, focus?: "first" | "last" | "trigger"): void;
  triggerId: string;
  contentId: string;
  triggerRef: React.RefObject<HTMLElement>;
  contentRef: React.RefObject<HTMLDivElement>;
}

const MenuContext = React.createContext<MenuState | null>(null);

function useMenu() {
  const menu = React.useContext(MenuContext);
  if (!menu) throw new Error("DropdownMenu parts belong inside <DropdownMenu>");
  return menu;
}

const itemsOf = (content: HTMLElement | null) => Array.from(content?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

export function DropdownMenu({ children }: { children: React.ReactNode }) {
  const [open, setOpenState] = React.useState(false);
  const [focus, setFocus] = React.useState<"first" | "last" | "trigger" | null>(null);
  const id = React.useId();
  const triggerRef = React.useRef<HTMLElement>(null);
  const contentRef = React.useRef<HTMLDivElement>(null);
  const wrapperRef = React.useRef<HTMLDivElement>(null);
  const setOpen = React.useCallback((next: boolean, nextFocus?: "first" | "last" | "trigger") => {
    setOpenState(next);
    setFocus(nextFocus ?? null);
  }, []);

  // Focus moves once the items are visible (they are `hidden` until this render commits).
  React.useEffect(() => {
    if (focus === "trigger") triggerRef.current?.focus();
    else if (focus) itemsOf(contentRef.current).at(focus === "first" ? 0 : -1)?.focus();
  }, [focus, open]);

  React.useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open, setOpen]);

  const state = React.useMemo(
    () => ({ open, setOpen, triggerId: `${id}-trigger`, contentId: `${id}-menu`, triggerRef, contentRef }),
    [open, setOpen, id],
  );
  return (
    <MenuContext.Provider value={state}>
      <div ref={wrapperRef} className="relative min-w-0">
        {children}
      </div>
    </MenuContext.Provider>
  );
}

export const DropdownMenuTrigger = React.forwardRef<HTMLButtonElement, React.ButtonHTMLAttributes<HTMLButtonElement> & { asChild?: boolean }>(
  ({ asChild, onClick, onKeyDown, ...props }, ref) => {
    const menu = useMenu();
    const Comp = asChild ? Slot : "button";
    return (
      <Comp
        ref={(node: HTMLButtonElement | null) => {
          (menu.triggerRef as React.MutableRefObject<HTMLElement | null>).current = node;
          if (typeof ref === "function") ref(node);
          else if (ref) ref.current = node;
        }}
        type={asChild ? undefined : "button"}
        id={menu.triggerId}
        aria-haspopup="menu"
        aria-expanded={menu.open}
        aria-controls={menu.contentId}
        onClick={(event: React.MouseEvent<HTMLButtonElement>) => {
          onClick?.(event);
          // Click, Enter and Space all arrive here; the menu opens with its first item focused.
          menu.setOpen(!menu.open, menu.open ? undefined : "first");
        }}
        onKeyDown={(event: React.KeyboardEvent<HTMLButtonElement>) => {
          onKeyDown?.(event);
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            menu.setOpen(true, event.key === "ArrowDown" ? "first" : "last");
          }
        }}
        {...props}
      />
    );
  },
);
DropdownMenuTrigger.displayName = "DropdownMenuTrigger";

const contentBase =
  "absolute top-full z-50 mt-1 max-h-[calc(100dvh-4.5rem)] min-w-[8rem] animate-zoom-in overflow-y-auto overflow-x-hidden rounded-md border bg-popover p-1 text-popover-foreground shadow-lg";

function moveFocus(event: React.KeyboardEvent<HTMLDivElement>, items: HTMLElement[]) {
  const current = items.indexOf(document.activeElement as HTMLElement);
  const last = items.length - 1;
  const next: Record<string, number> = {
    ArrowDown: current >= last ? 0 : current + 1,
    ArrowUp: current <= 0 ? last : current - 1,
    Home: 0,
    End: last,
  };
  if (!(event.key in next)) return;
  event.preventDefault();
  items[next[event.key]]?.focus();
}

export function DropdownMenuContent({
  align = "start",
  className,
  children,
}: {
  align?: "start" | "end";
  className?: string;
  children: React.ReactNode;
}) {
  const menu = useMenu();
  return (
    <div
      ref={menu.contentRef}
      id={menu.contentId}
      role="menu"
      aria-labelledby={menu.triggerId}
      hidden={!menu.open}
      className={cn(contentBase, align === "end" ? "right-0" : "left-0", className)}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          menu.setOpen(false, "trigger");
        } else if (event.key === "Tab") menu.setOpen(false);
        else moveFocus(event, itemsOf(menu.contentRef.current));
      }}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('[role="menuitem"]')) menu.setOpen(false);
      }}
    >
      {children}
    </div>
  );
}

const itemBase =
  "relative flex min-h-10 cursor-default select-none items-center gap-2 rounded-sm px-2 py-2 text-sm outline-none transition-colors hover:bg-accent hover:text-accent-foreground focus:bg-accent focus:text-accent-foreground [&_svg]:pointer-events-none [&_svg]:size-4 [&_svg]:shrink-0 [@media(pointer:fine)]:min-h-8 [@media(pointer:fine)]:py-1.5";

/** One item; with `asChild` the child (a link, a submit button) becomes the item. */
export const DropdownMenuItem = React.forwardRef<HTMLElement, React.HTMLAttributes<HTMLElement> & { asChild?: boolean }>(
  ({ asChild, className, ...props }, ref) => {
    const Comp = asChild ? Slot : "div";
    return <Comp ref={ref as React.Ref<HTMLDivElement>} role="menuitem" tabIndex={-1} className={cn(itemBase, className)} {...props} />;
  },
);
DropdownMenuItem.displayName = "DropdownMenuItem";

export function DropdownMenuLabel({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("px-2 py-1.5 text-xs font-semibold text-muted-foreground", className)} {...props} />;
}

export function DropdownMenuSeparator() {
  return <div role="separator" className="-mx-1 my-1 h-px bg-border" />;
}

/** Items that belong together under a label (`aria-labelledby` the label's id). */
export function DropdownMenuGroup(props: React.HTMLAttributes<HTMLDivElement>) {
  return <div role="group" {...props} />;
}
