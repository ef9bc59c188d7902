import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Button } from "~/components/ui/button";
import { cn } from "~/lib/cn";

interface ComposerReply {
  ok: boolean;
  message: string | null;
  fieldErrors: Record<string, string[] | undefined>;
}

interface TimelineComposerProps {
  /** The lead page's intent it posts (`add-note`, `send-whatsapp`). */
  intent: string;
  /** The form field that carries the text. */
  field: string;
  id: string;
  label: string;
  /** Shown to screen readers only (a heading above already says it). */
  labelHidden?: boolean;
  placeholder: string;
  maxLength: number;
  submit: string;
  submitting?: string;
}

/**
 * One text posted to the lead page's action (a note, a WhatsApp message).
 * Cleared only once the server took it: a refused text stays for another try,
 * with the server's reason under it.
 */
export function TimelineComposer({ intent, field, id, label, labelHidden, placeholder, maxLength, submit, submitting }: TimelineComposerProps) {
  const fetcher = useFetcher<ComposerReply>();
  const [text, setText] = useState("");
  const busy = fetcher.state !== "idle";
  const error = fetcher.data && !fetcher.data.ok ? (fetcher.data.fieldErrors[field]?.[0] ?? fetcher.data.message) : null;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) setText("");
  }, [fetcher.state, fetcher.data]);
  return (
    <fetcher.Form method="post" className="grid gap-2">
      <input type="hidden" name="intent" value={intent} />
      <label htmlFor={id} className={cn("text-sm font-medium", labelHidden && "sr-only")}>
        {label}
      </label>
      <textarea
        id={id}
        name={field}
        value={text}
        onChange={(event) => setText(event.target.value)}
        required
        maxLength={maxLength}
        rows={2}
        placeholder={placeholder}
        className="w-full rounded-md border bg-background p-2 text-sm"
      />
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
      <div>
        <Button type="submit" size="sm" disabled={busy || !text.trim()}>
          {busy && submitting ? submitting : submit}
        </Button>
      </div>
    </fetcher.Form>
  );
}
