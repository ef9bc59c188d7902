import { useI18n } from "~/i18n/react";
import type { SummaryView } from "~/lib/ai";
import { AiSummary } from "./ai-summary";

/** Earlier analyses, folded away: the current one is what the rep acts on. */
export function AiHistory({ summaries, timeZone, now }: { summaries: SummaryView[]; timeZone: string; now: number }) {
  const { t } = useI18n();
  if (summaries.length === 0) return null;
  return (
    <details className="text-sm" data-ai-history>
      <summary className="cursor-pointer rounded-sm text-xs font-medium text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
        {t("ai.panel.history", { count: summaries.length })}
      </summary>
      <ol className="mt-2 grid gap-3 border-l pl-3">
        {summaries.map((summary) => (
          <li key={summary.id}>
            <AiSummary summary={summary} timeZone={timeZone} now={now} compact />
          </li>
        ))}
      </ol>
    </details>
  );
}
