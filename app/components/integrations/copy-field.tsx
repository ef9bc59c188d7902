import { useId, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { useI18n } from "~/i18n/react";

/**
 * A value to paste elsewhere: a read-only input (selectable and copyable
 * without JavaScript) and, with it, a copy button that says when it worked.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input ref={input} id={id} readOnly value={value} className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
        <Button
          type="button"
          variant="outline"
          onClick={() => {
            // Without clipboard access (plain http, a refusing browser) the text is selected for the reader to copy.
            const selectIt = () => input.current?.select();
            if (!navigator.clipboard) return selectIt();
            navigator.clipboard.writeText(value).then(() => setCopied(true), selectIt);
          }}
        >
          {copied ? t("integrations.copied") : t("integrations.copy")}
        </Button>
      </div>
      <span role="status" className="sr-only">
        {copied ? t("integrations.copied") : ""}
      </span>
    </div>
  );
}
