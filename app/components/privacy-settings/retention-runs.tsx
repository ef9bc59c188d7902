import { Form } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { RETENTION_KINDS } from "~/lib/retention";
import { useI18n } from "~/i18n/react";
import type { RetentionOverview, RetentionRunView } from "~/modules/retention/get-retention-overview.server";

/** The run's counters in the order the pass works through them (transcripts belong to the AI period). */
const COUNTERS = ["communications", "media", "transcripts", "ai", "inbox", "audit"] as const;

function LastRun({ run, timeZone }: { run: RetentionRunView; timeZone: string }) {
  const { t, dateTime, number } = useI18n();
  const counted = COUNTERS.filter((counter) => (run.counts[counter] ?? 0) > 0);
  return (
    <div className="grid gap-2 text-sm" data-retention-run={run.status}>
      <p className="flex flex-wrap items-center gap-2">
        <Badge variant={run.status === "failed" ? "destructive" : "secondary"}>{t(`privacy.retention.status.${run.status}`)}</Badge>
        <span className="text-muted-foreground">{t(`privacy.retention.trigger.${run.trigger}`)}</span>
      </p>
      <p className="text-muted-foreground">
        {t("privacy.retention.startedAt", { date: dateTime(run.startedAt, timeZone) })}
        {run.finishedAt ? <span className="block">{t("privacy.retention.finishedAt", { date: dateTime(run.finishedAt, timeZone) })}</span> : null}
      </p>
      {run.error ? (
        <p role="alert" className="text-destructive">
          {t("privacy.retention.error", { error: run.error })}
        </p>
      ) : null}
      {counted.length ? (
        <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
          {counted.map((counter) => (
            <div key={counter} className="contents" data-retention-count={counter}>
              <dt>{t(`privacy.retention.count.${counter}`)}</dt>
              <dd className="text-right tabular-nums">{number(run.counts[counter])}</dd>
            </div>
          ))}
        </dl>
      ) : run.status === "succeeded" ? (
        <p>{t("privacy.retention.nothing")}</p>
      ) : null}
    </div>
  );
}

/** The nightly pass as the privacy page shows it: the last run, what the next 30 days expire, and the owner's "run now". */
export function RetentionRuns({ overview, cap, timeZone, canRun, busy }: { overview: RetentionOverview; cap: number; timeZone: string; canRun: boolean; busy: boolean }) {
  const { t, number } = useI18n();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("privacy.retention.title")}</CardTitle>
        <CardDescription>{t("privacy.retention.description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <section className="grid gap-2" aria-labelledby="retention-last-run">
          <h3 id="retention-last-run" className="text-sm font-medium">
            {t("privacy.retention.lastRun")}
          </h3>
          {overview.lastRun ? <LastRun run={overview.lastRun} timeZone={timeZone} /> : <p className="text-sm text-muted-foreground">{t("privacy.retention.never")}</p>}
        </section>
        <section className="grid gap-2" aria-labelledby="retention-upcoming">
          <h3 id="retention-upcoming" className="text-sm font-medium">
            {t("privacy.retention.upcoming")}
          </h3>
          <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
            {RETENTION_KINDS.map((kind) => (
              <div key={kind} className="contents" data-upcoming-kind={kind}>
                <dt>{t(`privacy.kind.${kind}.label`)}</dt>
                <dd className="text-right tabular-nums" data-count={overview.upcoming[kind]}>
                  {overview.upcoming[kind] > cap ? t("privacy.retention.upcomingMore", { count: number(cap) }) : number(overview.upcoming[kind])}
                </dd>
              </div>
            ))}
          </dl>
        </section>
        {canRun ? (
          <Form method="post">
            <input type="hidden" name="intent" value="run-retention" />
            <Button type="submit" variant="outline" disabled={busy || overview.lastRun?.status === "running"} className="w-full sm:w-auto">
              {t("privacy.retention.run")}
            </Button>
          </Form>
        ) : (
          <p className="text-sm text-muted-foreground">{t("privacy.retention.ownerOnly")}</p>
        )}
      </CardContent>
    </Card>
  );
}
