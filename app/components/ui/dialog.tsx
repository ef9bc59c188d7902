import * as React from "react";
import { Slot } from "@radix-ui/react-slot";

import { cn } from "~/lib/cn";
import { CloseIcon } from "./close-icon";

/**
 * A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the
 * page inert (focus stays inside), Escape closes it, and closing hands focus
 * back to what opened it. Labelled by its title, described by its description.
 */
interface DialogState {
  open: boolean;
  setOpen(open: boolean): void;
  titleId: string;
  descriptionId: string;
}

const DialogContext = React.createContext<DialogState | null>(null);

function useDialog() {
  const dialog = React.useContext(DialogContext);
  if (!dialog) throw new Error("Dialog parts belong inside <Dialog>");
  return dialog;
}

export function Dialog({ open, onOpenChange, children }: { open: boolean; onOpenChange(open: boolean): void; children: React.ReactNode }) {
  const id = React.useId();
  const state = React.useMemo(
    () => ({ open, setOpen: onOpenChange, titleId: `${id}-title`, descriptionId: `${id}-description` }),
    [open, onOpenChange, id],
  );
  return <DialogContext.Provider value={state}>{children}</DialogContext.Provider>;
}

/** The button that opens the dialog; with `asChild` the child element is that button. */
export const DialogTrigger = React.forwardRef<HTMLButtonElement, React.ButtonHTMLAttributes<HTMLButtonElement> & { asChild?: boolean }>(
  ({ asChild, onClick, ...props }, ref) => {
    const dialog = useDialog();
    const Comp = asChild ? Slot : "button";
    return (
      <Comp
        ref={ref}
        type={asChild ? undefined : "button"}
        aria-haspopup="dialog"
        aria-expanded={dialog.open}
        onClick={(event: React.MouseEvent<HTMLButtonElement>) => {
          onClick?.(event);
          dialog.setOpen(true);
        }}
        {...props}
      />
    );
  },
);
DialogTrigger.displayName = "DialogTrigger";

export interface DialogContentProps {
  /** Accessible label of the close (X) button. */
  closeLabel?: string;
  /** A sheet rising from the bottom edge on phones, a centred dialog from `sm` up. */
  sheet?: boolean;
  children: React.ReactNode;
}

const contentBase =
  "max-h-[calc(100dvh-2rem)] animate-dialog-in gap-4 overflow-y-auto border bg-background p-5 text-foreground shadow-xl backdrop:bg-slate-950/60 backdrop:backdrop-blur-[2px] open:grid sm:p-6";
const centred = "w-[calc(100vw-2rem)] max-w-lg rounded-xl";
const sheetPlacement = "mb-0 w-full max-w-none rounded-t-xl sm:mb-auto sm:w-[calc(100vw-2rem)] sm:max-w-md sm:rounded-b-xl";

/** A click on the backdrop lands on the `<dialog>` itself, outside its box. */
function outsideBox(event: React.MouseEvent<HTMLDialogElement>) {
  if (event.target !== event.currentTarget) return false;
  const box = event.currentTarget.getBoundingClientRect();
  return event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
}

export function DialogContent({ closeLabel = "Fechar", sheet = false, children }: DialogContentProps) {
  const { open, setOpen, titleId, descriptionId } = useDialog();
  const ref = React.useRef<HTMLDialogElement>(null);
  React.useEffect(() => {
    const dialog = ref.current;
    if (open && !dialog?.open) dialog?.showModal();
    else if (!open && dialog?.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      className={cn(contentBase, sheet ? sheetPlacement : centred)}
      onClose={() => setOpen(false)}
      onClick={(event) => {
        if (outsideBox(event)) setOpen(false);
      }}
    >
      {open ? (
        <>
          {children}
          <button
            type="button"
            onClick={() => setOpen(false)}
            className="absolute right-2 top-2 inline-flex size-10 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            aria-label={closeLabel}
          >
            <CloseIcon />
          </button>
        </>
      ) : null}
    </dialog>
  );
}

export function DialogHeader({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("flex flex-col gap-1.5 pr-8 text-left", className)} {...props} />;
}

export function DialogTitle({ className, ...props }: React.HTMLAttributes<HTMLHeadingElement>) {
  return <h2 id={useDialog().titleId} className={cn("text-lg font-semibold leading-tight tracking-tight", className)} {...props} />;
}

export function DialogDescription({ className, ...props }: React.HTMLAttributes<HTMLParagraphElement>) {
  return <p id={useDialog().descriptionId} className={cn("text-sm text-muted-foreground", className)} {...props} />;
}
