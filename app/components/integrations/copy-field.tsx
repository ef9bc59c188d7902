import { useId, useState } from "react";
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
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input id={id} readOnly value={value} className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
        <Button
          type="button"
          variant="outline"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
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
