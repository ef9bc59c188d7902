import * as React from "react";

import { cn } from "~/lib/cn";

function ChevronDown({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" className={cn("size-4 shrink-0", className)}>
      <path d="m6 9 6 6 6-6" />
    </svg>
  );
}

const triggerBase =
  "flex h-10 w-full items-center justify-between gap-2 rounded-md border border-input bg-background px-3 py-2 text-base shadow-sm transition-colors focus-visible:border-ring focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring/30 disabled:cursor-not-allowed disabled:opacity-50 aria-[invalid=true]:border-destructive sm:text-sm";

export type NativeSelectProps = React.SelectHTMLAttributes<HTMLSelectElement> & {
  /** Class for the wrapper <div> (which positions the chevron). */
  containerClassName?: string;
};

/**
 * Styled native <select>. Works without JavaScript, so prefer it in forms
 * that must post before hydration (and on mobile, where the OS picker is best).
 */
export const NativeSelect = React.forwardRef<HTMLSelectElement, NativeSelectProps>(
  ({ className, containerClassName, children, multiple, ...props }, ref) => (
    <div className={cn("relative w-full", containerClassName)}>
      <select
        ref={ref}
        multiple={multiple}
        className={cn(
          triggerBase,
          "appearance-none",
          multiple ? "h-auto min-h-10 py-1" : "pr-9",
          className,
        )}
        {...props}
      >
        {children}
      </select>
      {multiple ? null : (
        <ChevronDown className="pointer-events-none absolute right-3 top-1/2 -translate-y-1/2 opacity-60" />
      )}
    </div>
  ),
);
NativeSelect.displayName = "NativeSelect";
