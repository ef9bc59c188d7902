import * as React from "react";

import { cn } from "~/lib/cn";
import { Input, type InputProps } from "~/components/ui/input";
import { Label } from "~/components/ui/label";

export interface FieldProps extends Omit<InputProps, "name"> {
  label: React.ReactNode;
  name: string;
  /** Validation message(s), e.g. from a zod `flatten().fieldErrors[name]`. */
  error?: string | string[] | null;
  description?: React.ReactNode;
  /** Class for the wrapping <div>; `className` goes to the <input>. */
  containerClassName?: string;
}

function toMessages(error: FieldProps["error"]): string[] {
  if (!error) return [];
  return (Array.isArray(error) ? error : [error]).filter((m) => m.trim() !== "");
}

/** Label + Input + description + error message, with ids/ARIA wired up. */
export const Field = React.forwardRef<HTMLInputElement, FieldProps>(
  (
    {
      label,
      name,
      error,
      description,
      id: idProp,
      containerClassName,
      required,
      "aria-describedby": describedByProp,
      ...inputProps
    },
    ref,
  ) => {
    const generatedId = React.useId();
    const id = idProp ?? `${name}-${generatedId.replace(/:/g, "")}`;
    const descriptionId = `${id}-description`;
    const errorId = `${id}-error`;
    const messages = toMessages(error);
    const invalid = messages.length > 0;

    const describedBy =
      [describedByProp, description ? descriptionId : null, invalid ? errorId : null]
        .filter(Boolean)
        .join(" ") || undefined;

    return (
      <div className={cn("grid gap-1.5", containerClassName)}>
        <Label htmlFor={id}>
          {label}
          {required ? (
            <span className="ml-0.5 text-destructive" aria-hidden="true">
              *
            </span>
          ) : null}
        </Label>
        <Input
          ref={ref}
          id={id}
          name={name}
          required={required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          {...inputProps}
        />
        {description ? (
          <p id={descriptionId} className="text-sm text-muted-foreground">
            {description}
          </p>
        ) : null}
        {invalid ? (
          <p id={errorId} role="alert" className="text-sm font-medium text-destructive">
            {messages.map((message, i) => (
              <span key={i} className="block">
                {message}
              </span>
            ))}
          </p>
        ) : null}
      </div>
    );
  },
);
Field.displayName = "Field";
