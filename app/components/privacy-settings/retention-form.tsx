import { Form } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { RETENTION_KINDS, RETENTION_LIMITS, splitDays, type RetentionKind } from "~/lib/retention";
import { useI18n } from "~/i18n/react";
import type { RetentionSettings } from "~/modules/privacy/get-retention-policy.server";

type Errors = Record<string, string[] | undefined>;
type T = ReturnType<typeof useI18n>["t"];

/** "7 anos", "1 ano e 1 mês", "3 semanas": a period as people say it; empty under a week, where the days say it all. */
function approximate(t: T, days: number): string {
  const { years, months } = splitDays(days);
  const parts = [years ? t("privacy.duration.years", { count: years }) : null, months ? t("privacy.duration.months", { count: months }) : null].filter(
    (part): part is string => part !== null,
  );
  if (parts.length === 2) return t("privacy.duration.and", { first: parts[0], second: parts[1] });
  if (parts.length === 1) return parts[0];
  return days >= 7 ? t("privacy.duration.weeks", { count: Math.floor(days / 7) }) : "";
}

function KindField({ kind, days, busy, errors }: { kind: RetentionKind; days: number; busy: boolean; errors: Errors }) {
  const { t } = useI18n();
  const { minDays, defaultDays } = RETENTION_LIMITS[kind];
  const approx = approximate(t, days);
  return (
    <div className="grid gap-2 border-t pt-4 first:border-t-0 first:pt-0" data-retention-kind={kind}>
      <p className="text-sm text-muted-foreground">{t(`privacy.kind.${kind}.why`)}</p>
      <Field
        name={kind}
        type="number"
        inputMode="numeric"
        min={minDays}
        max={defaultDays}
        step={1}
        required
        disabled={busy}
        defaultValue={days}
        label={t("privacy.field.days", { label: t(`privacy.kind.${kind}.label`) })}
        description={
          <>
            <span className="block">{t("privacy.field.current", { days, approx: approx ? t("privacy.duration.approx", { text: approx }) : "" })}</span>
            <span className="block">{t("privacy.field.limits", { default: defaultDays, defaultApprox: approximate(t, defaultDays), min: minDays })}</span>
          </>
        }
        error={errors[kind]}
        className="sm:max-w-40"
      />
    </div>
  );
}

/** Every period in one form: saving posts them all, so what is stored is exactly what the page showed. */
export function RetentionForm({ settings, timeZone, busy, errors }: { settings: RetentionSettings; timeZone: string; busy: boolean; errors: Errors }) {
  const { t, dateTime } = useI18n();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2 text-base">
          {t("privacy.title")}
          {settings.updatedAt ? (
            <Badge variant="secondary" className="font-normal" data-retention-customized>
              {t("privacy.customized", { date: dateTime(settings.updatedAt, timeZone) })}
            </Badge>
          ) : (
            <Badge variant="secondary" className="font-normal" data-retention-defaults>
              {t("privacy.defaults")}
            </Badge>
          )}
        </CardTitle>
        <CardDescription>{t("privacy.lgpd")}</CardDescription>
      </CardHeader>
      <CardContent>
        {/* Keyed by the saved values: after a save the fields show what is stored. */}
        <Form key={RETENTION_KINDS.map((kind) => settings.days[kind]).join("-")} method="post" className="grid gap-4">
          <input type="hidden" name="intent" value="update-retention" />
          {RETENTION_KINDS.map((kind) => (
            <KindField key={kind} kind={kind} days={settings.days[kind]} busy={busy} errors={errors} />
          ))}
          <div>
            <Button type="submit" disabled={busy} className="w-full sm:w-auto">
              {t("privacy.submit")}
            </Button>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}
