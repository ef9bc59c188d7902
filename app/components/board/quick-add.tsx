import { forwardRef, useEffect, useId, useRef, useState, type InputHTMLAttributes } from "react";
import { useFetcher } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";
import { Input } from "~/components/ui/input";
import { Icon } from "~/components/board/icons";
import { boardPath, type BoardCard, type CreateResult } from "~/lib/board-client";
import { cn } from "~/lib/cn";

interface Props {
  slug: string;
  stageId: string;
  stageName: string;
  currency: string;
  onCreated: (card: BoardCard) => void;
}

type QuickFieldProps = { name: string; label: string; error?: string[] } & InputHTMLAttributes<HTMLInputElement>;

const QuickField = forwardRef<HTMLInputElement, QuickFieldProps>(function QuickField({ name, label, error, className, required, ...props }, ref) {
  const id = `${name}-${useId().replace(/:/g, "")}`;
  return (
    <div className={cn("grid gap-1", className)}>
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
        {required ? (
          <span aria-hidden className="ml-0.5 text-destructive">
            *
          </span>
        ) : null}
      </label>
      <Input
        ref={ref}
        id={id}
        required={required}
        name={name}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={error?.length ? `${id}-error` : undefined}
        className="h-9 bg-background px-2.5"
        {...props}
      />
      {error?.length ? (
        <p id={`${id}-error`} className="text-xs font-medium text-destructive">
          {error.join(" ")}
        </p>
      ) : null}
    </div>
  );
});

/** "Adicionar lead" at the top of a column: a name is enough, the rest is optional. */
export function QuickAdd({ slug, stageId, stageName, currency, onCreated }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const fetcher = useFetcher<CreateResult>();
  const formRef = useRef<HTMLFormElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const handled = useRef<unknown>(null);
  const onCreatedRef = useRef(onCreated);
  useEffect(() => {
    onCreatedRef.current = onCreated;
  });

  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const fieldErrors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const formError = result && !result.ok ? (result.formError ?? result.message ?? null) : null;

  useEffect(() => {
    if (!result || handled.current === result) return;
    handled.current = result;
    if (result.ok) {
      onCreatedRef.current(result.card);
      formRef.current?.reset();
    }
    nameRef.current?.focus();
  }, [result]);

  useEffect(() => {
    if (open) nameRef.current?.focus();
  }, [open]);

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="flex min-h-10 w-full items-center justify-center gap-1.5 rounded-lg border border-dashed border-border bg-background/40 text-sm font-medium text-muted-foreground transition hover:border-primary/40 hover:bg-background hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring [@media(pointer:fine)]:min-h-9"
        aria-label={t("quickAdd.openIn", { stage: stageName })}
      >
        <Icon name="plus" className="size-4" />
        {t("quickAdd.open")}
      </button>
    );
  }

  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      action={boardPath(slug)}
      className="grid gap-2 rounded-lg border bg-card p-2.5 shadow-sm"
      aria-label={t("quickAdd.formLabel", { stage: stageName })}
      onKeyDown={(event) => {
        if (event.key === "Escape") setOpen(false);
      }}
    >
      <input type="hidden" name="intent" value="create" />
      <input type="hidden" name="stageId" value={stageId} />
      <QuickField ref={nameRef} name="fullName" label={t("field.fullName")} required maxLength={160} autoComplete="off" error={fieldErrors.fullName} />
      <div className="grid grid-cols-2 gap-2">
        <QuickField name="phone" label={t("field.phone")} type="tel" inputMode="tel" placeholder="(11) 98765-4321" autoComplete="off" error={fieldErrors.phone} />
        <QuickField name="estimatedValue" label={t("quickAdd.value", { currency: i18n.currencySymbol(currency) })} inputMode="decimal" placeholder={i18n.decimal(0)} autoComplete="off" error={fieldErrors.estimatedValue} />
      </div>
      <QuickField name="company" label={t("field.company")} maxLength={160} autoComplete="off" error={fieldErrors.company} />
      {formError ? (
        <p role="alert" className="text-xs font-medium text-destructive">
          {formError}
        </p>
      ) : null}
      <div className="flex items-center justify-end gap-2 pt-0.5">
        <Button type="button" variant="ghost" size="sm" onClick={() => setOpen(false)}>
          {t("quickAdd.close")}
        </Button>
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? t("common.saving") : t("quickAdd.submit")}
        </Button>
      </div>
    </fetcher.Form>
  );
}
