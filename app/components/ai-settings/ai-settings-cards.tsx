import { Form } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { DEFAULT_AI_MONTHLY_LIMIT, MAX_AI_MONTHLY_LIMIT } from "~/lib/ai";
import { cn } from "~/lib/cn";
import { useI18n } from "~/i18n/react";
import type { AiSettings } from "~/modules/ai/settings/get-ai-settings.server";

type Errors = Record<string, string[] | undefined>;

/**
 * The on/off switch: a submit button that posts the state it turns to (not a
 * toggle), so it works without JavaScript and a double click cannot undo itself.
 */
export function AiSwitchCard({ settings, busy }: { settings: AiSettings; busy: boolean }) {
  const { t } = useI18n();
  const labelId = useId();
  const explainId = useId();
  const { enabled } = settings;
  const explain = !enabled ? t("ai.settings.switch.offExplain") : settings.provider.name === "openai" ? t("ai.settings.switch.onOpenAi") : t("ai.settings.switch.onLocal");
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("ai.settings.switch.title")}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        <Form method="post" className="flex items-center justify-between gap-3">
          <input type="hidden" name="intent" value="set-enabled" />
          <span id={labelId} className="text-sm font-medium">
            {t("ai.settings.switch.label")}
          </span>
          <button
            type="submit"
            name="enabled"
            value={enabled ? "off" : "on"}
            role="switch"
            aria-checked={enabled}
            aria-labelledby={labelId}
            aria-describedby={explainId}
            disabled={busy}
            className="flex min-h-10 shrink-0 items-center gap-2 rounded-md px-1 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50"
          >
            <span aria-hidden className={cn("relative h-6 w-11 rounded-full transition-colors", enabled ? "bg-primary" : "bg-muted-foreground/40")}>
              <span className={cn("absolute top-0.5 size-5 rounded-full bg-background shadow transition-all", enabled ? "left-[1.375rem]" : "left-0.5")} />
            </span>
            <span>{enabled ? t("ai.settings.switch.on") : t("ai.settings.switch.off")}</span>
          </button>
        </Form>
        <p id={explainId} className="text-sm text-muted-foreground">
          {explain}
        </p>
      </CardContent>
    </Card>
  );
}

export function AiProviderCard({ provider }: { provider: AiSettings["provider"] }) {
  const { t } = useI18n();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("ai.settings.provider.title")}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-2">
        <p>
          <Badge variant={provider.name === "openai" ? "default" : "secondary"} className="whitespace-normal">
            {provider.name === "openai" ? t("ai.settings.provider.openai", { model: provider.model }) : t("ai.settings.provider.local")}
          </Badge>
        </p>
        <p className="text-sm text-muted-foreground">{provider.name === "openai" ? t("ai.settings.provider.openaiHint") : t("ai.settings.provider.localHint")}</p>
      </CardContent>
    </Card>
  );
}

export function AiLimitCard({ monthlyLimit, busy, errors }: { monthlyLimit: number; busy: boolean; errors: Errors }) {
  const { t } = useI18n();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("ai.settings.limit.title")}</CardTitle>
      </CardHeader>
      <CardContent>
        {/* Keyed by the saved value: after a save the field shows what is stored. */}
        <Form key={monthlyLimit} method="post" className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <input type="hidden" name="intent" value="set-limit" />
          <Field
            name="monthlyLimit"
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_AI_MONTHLY_LIMIT}
            step={1}
            required
            defaultValue={monthlyLimit}
            label={t("ai.settings.limit.label")}
            description={t("ai.settings.limit.hint", { max: MAX_AI_MONTHLY_LIMIT, default: DEFAULT_AI_MONTHLY_LIMIT })}
            error={errors.monthlyLimit}
            containerClassName="flex-1"
          />
          <Button type="submit" disabled={busy} className="sm:mt-6">
            {t("ai.settings.limit.submit")}
          </Button>
        </Form>
      </CardContent>
    </Card>
  );
}

/** Below a cent the money format would read "R$ 0,00", as if nothing had been spent. */
function useCost(costBrl: string) {
  const { t, money } = useI18n();
  const cost = Number(costBrl);
  return cost > 0 && cost < 0.01 ? t("ai.settings.usage.costBelow", { amount: money(0.01, "BRL") }) : money(cost, "BRL");
}

export function AiUsageCard({ settings, timeZone }: { settings: AiSettings; timeZone: string }) {
  const { t, number, dateTime } = useI18n();
  const { usage, monthlyLimit } = settings;
  const cost = useCost(usage.costBrl);
  const percent = monthlyLimit > 0 ? Math.min(100, Math.round((usage.summaries / monthlyLimit) * 100)) : 100;
  const ofLimit = t("ai.settings.usage.ofLimit", { used: usage.summaries, limit: monthlyLimit });
  const labelId = useId();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("ai.settings.usage.title")}</CardTitle>
        <CardDescription>{t("ai.settings.usage.since", { date: dateTime(usage.since, timeZone) })}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid gap-1.5" data-ai-usage="summaries">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <span id={labelId} className="text-sm font-medium">
              {t("ai.settings.usage.summaries")}
            </span>
            <span className="text-sm tabular-nums">{ofLimit}</span>
          </div>
          <div
            role="progressbar"
            aria-labelledby={labelId}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={ofLimit}
            className="h-2 overflow-hidden rounded-full bg-muted"
          >
            <div className={cn("h-full rounded-full", settings.limitReached ? "bg-warning" : "bg-primary")} style={{ width: `${percent}%` }} />
          </div>
        </div>
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          <UsageFigure label={t("ai.settings.usage.tokens")} value={number(usage.inputTokens + usage.outputTokens)} name="tokens">
            {t("ai.settings.usage.tokensDetail", { input: usage.inputTokens, output: usage.outputTokens })}
          </UsageFigure>
          <UsageFigure label={t("ai.settings.usage.cost")} value={cost} name="cost">
            {t("ai.settings.usage.costHint")}
          </UsageFigure>
          <UsageFigure label={t("ai.settings.usage.transcriptions")} value={number(usage.transcriptions)} name="transcriptions" />
          <UsageFigure label={t("ai.settings.usage.local")} value={number(settings.localAnalyses)} name="local">
            {t("ai.settings.usage.localHint")}
          </UsageFigure>
        </dl>
      </CardContent>
    </Card>
  );
}

function UsageFigure({ label, value, name, children }: { label: string; value: string; name: string; children?: ReactNode }) {
  return (
    <div className="grid gap-0.5" data-ai-usage={name}>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="text-base font-semibold tabular-nums">{value}</dd>
      {children ? <dd className="text-xs text-muted-foreground">{children}</dd> : null}
    </div>
  );
}
