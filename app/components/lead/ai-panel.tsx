import { Link, useFetcher } from "@remix-run/react";
import { useId, useState } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { useNow } from "~/hooks/use-now";
import { useI18n } from "~/i18n/react";
import type { LeadAiPanel } from "~/lib/ai";
import { arrangeSummaries } from "~/lib/ai-panel-view";
import { cn } from "~/lib/cn";
import { AiHistory } from "./ai-history";
import { AiSuggestions } from "./ai-suggestions";
import { AiSummary } from "./ai-summary";

interface Reply {
  ok: boolean;
  message: string | null;
}

interface AiPanelProps {
  slug: string;
  ai: LeadAiPanel;
  lead: { id: string; version: number; stageId: string; company: string | null; email: string | null };
  allowed: { summarize: boolean; move: boolean; edit: boolean; manageAi: boolean };
  timeZone: string;
}

function Notice({ state, className, children }: { state: string; className?: string; children: React.ReactNode }) {
  return (
    <div data-ai-state={state} className={cn("grid gap-1 rounded-md border p-3 text-sm", className)}>
      {children}
    </div>
  );
}

/**
 * What the AI made of the lead's conversation, at the top of the lead page:
 * the current summary with its suggestions, a failed attempt's reason, the
 * history, and "Resumir agora". The page's live stream reloads it when a
 * new summary is saved.
 */
export function AiPanel({ slug, ai, lead, allowed, timeZone }: AiPanelProps) {
  const { t } = useI18n();
  const headingId = useId();
  const statusId = useId();
  const now = useNow(Date.now());
  const summarize = useFetcher<Reply>();
  const { failure, current, history } = arrangeSummaries(ai.summaries);
  const newestId = ai.summaries[0]?.id ?? null;
  // The answer to "Resumir agora" holds until the next analysis arrives: then that is the news.
  const [askedAtNewest, setAskedAtNewest] = useState<string | null | undefined>(undefined);
  const asking = summarize.state !== "idle";
  const analyzing = ai.enabled && (ai.pending || asking);
  const reply = !asking && askedAtNewest === newestId ? summarize.data : undefined;
  const answer = reply?.message && !(reply.ok && analyzing) ? reply : undefined;

  return (
    <section aria-labelledby={headingId} data-ai-panel={ai.enabled ? "on" : "off"}>
      <Card className="grid gap-3 p-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id={headingId} className="font-semibold">
            {t("ai.panel.title")}
          </h2>
          {ai.enabled && allowed.summarize ? (
            <summarize.Form method="post" action={`/o/${slug}/leads/${lead.id}`} onSubmit={() => setAskedAtNewest(newestId)}>
              <input type="hidden" name="intent" value="summarize" />
              <Button type="submit" size="sm" variant="outline" disabled={asking} aria-describedby={statusId}>
                {t("ai.panel.summarize")}
              </Button>
            </summarize.Form>
          ) : null}
        </div>
        <p id={statusId} role="status" aria-live="polite" className={cn("flex items-center gap-2 text-sm text-muted-foreground", !analyzing && "sr-only")}>
          {analyzing ? (
            <>
              <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-muted-foreground/30 border-t-muted-foreground motion-reduce:animate-none" />
              {t("ai.panel.analyzing")}
            </>
          ) : null}
        </p>
        {answer ? (
          <p role={answer.ok ? "status" : "alert"} data-ai-answer className={cn("text-sm", answer.ok ? "text-muted-foreground" : "text-destructive")}>
            {answer.message}
          </p>
        ) : null}
        {ai.enabled ? null : (
          <Notice state="off" className="border-dashed">
            <p className="font-medium">{t("ai.panel.off")}</p>
            <p className="text-muted-foreground">{t("ai.panel.offHint")}</p>
            {allowed.manageAi ? (
              <Link to={`/o/${slug}/settings/ai`} className="font-medium text-primary underline underline-offset-4">
                {t("ai.panel.turnOn")}
              </Link>
            ) : null}
          </Notice>
        )}
        {ai.enabled && ai.limitReached ? (
          <Notice state="limit" className="border-amber-300 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100">
            <p>{t("ai.panel.limit")}</p>
          </Notice>
        ) : null}
        {failure ? <AiSummary summary={failure} timeZone={timeZone} now={now} /> : null}
        {current ? (
          <>
            <AiSummary summary={current} timeZone={timeZone} now={now} />
            <AiSuggestions slug={slug} summary={current} lead={lead} allowed={{ move: allowed.move, edit: allowed.edit }} />
          </>
        ) : ai.enabled && !failure ? (
          <Notice state="empty" className="border-dashed">
            <p className="font-medium">{t("ai.panel.empty")}</p>
            <p className="text-muted-foreground">{t("ai.panel.emptyHint")}</p>
          </Notice>
        ) : null}
        <AiHistory summaries={history} timeZone={timeZone} now={now} />
      </Card>
    </section>
  );
}
