import { Badge } from "~/components/ui/badge";
import { useI18n } from "~/i18n/react";
import type { MessageKey } from "~/i18n/catalogue";
import type { Translator } from "~/i18n/translator";
import type { AiSentiment, SummaryView } from "~/lib/ai";
import { cn } from "~/lib/cn";

const SENTIMENT_STYLE: Record<AiSentiment, { badge: string; dot: string }> = {
  positive: { badge: "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200", dot: "bg-emerald-500" },
  neutral: { badge: "border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200", dot: "bg-slate-400" },
  negative: { badge: "border-red-200 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200", dot: "bg-red-500" },
};

const INTENT_LABELS = {
  quote: "ai.panel.intent.quote",
  proposal: "ai.panel.intent.proposal",
  meeting: "ai.panel.intent.meeting",
  pricing: "ai.panel.intent.pricing",
  deadline: "ai.panel.intent.deadline",
  support: "ai.panel.intent.support",
  cancel: "ai.panel.intent.cancel",
  purchase: "ai.panel.intent.purchase",
  other: "ai.panel.intent.other",
} as const satisfies Record<string, MessageKey>;

/** An intent a newer analyzer knows and this page does not still reads as what it said. */
function intentLabel(t: Translator["t"], intent: string) {
  return Object.hasOwn(INTENT_LABELS, intent) ? t(INTENT_LABELS[intent as keyof typeof INTENT_LABELS]) : intent;
}

/** The sentiment in words beside its colour, so it reads without colour too. */
export function SentimentBadge({ sentiment }: { sentiment: AiSentiment }) {
  const { t } = useI18n();
  return (
    <Badge variant="outline" className={SENTIMENT_STYLE[sentiment].badge}>
      <span aria-hidden className={cn("size-2 rounded-full", SENTIMENT_STYLE[sentiment].dot)} />
      {t("ai.panel.sentiment", { sentiment: t(`ai.panel.sentiment.${sentiment}`) })}
    </Badge>
  );
}

/**
 * A due date as the reader writes it. It is a calendar day without a time,
 * so it is read and written in UTC: converting it into a time zone west of
 * Greenwich would show the day before.
 */
function formatDueDate(locale: string, day: string) {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(date);
}

/** Who made the analysis and when: "análise local" must never pass for a model's. */
function SummaryByline({ summary, timeZone, now }: { summary: SummaryView; timeZone: string; now: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <p className="flex flex-wrap items-center gap-x-1.5 text-xs text-muted-foreground">
      <span data-provider-label>
        {summary.provider === "local" ? t("ai.panel.provider.local") : t("ai.panel.provider.openai", { model: summary.model })}
      </span>
      <span aria-hidden>·</span>
      <time dateTime={summary.createdAt} title={i18n.dateTime(summary.createdAt, timeZone)} suppressHydrationWarning>
        {i18n.relative(summary.createdAt, now)}
      </time>
    </p>
  );
}

interface AiSummaryProps {
  summary: SummaryView;
  timeZone: string;
  now: number;
  /** History entries leave out the next steps: they were for then. */
  compact?: boolean;
}

/** One analysis of the conversation: what it says and how the lead feels, or why it could not be made. */
export function AiSummary({ summary, timeZone, now, compact = false }: AiSummaryProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const result = summary.result;
  return (
    <article
      data-summary-id={summary.id}
      data-status={summary.status}
      data-sentiment={result?.sentiment}
      data-provider={summary.provider}
      className={cn("grid gap-2", !result && "rounded-md border border-destructive/30 bg-destructive/5 p-2")}
    >
      {result ? (
        <>
          <p className="whitespace-pre-line break-words text-sm">{result.summary}</p>
          <div className="flex flex-wrap gap-1.5">
            <SentimentBadge sentiment={result.sentiment} />
            <Badge variant="outline">{t("ai.panel.intent", { intent: intentLabel(t, result.intent) })}</Badge>
            <Badge variant="outline" className={cn(result.urgency === "high" && "border-amber-300 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100")}>
              {t("ai.panel.urgency", { urgency: t(`ai.panel.urgency.${result.urgency}`) })}
            </Badge>
          </div>
          {!compact && result.nextActions.length > 0 ? (
            <div>
              <h3 className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{t("ai.panel.nextActions")}</h3>
              <ul className="mt-1 grid list-disc gap-1 pl-5 text-sm">
                {result.nextActions.map((action, index) => (
                  <li key={index} className="break-words">
                    {action.text}
                    {action.dueDate ? (
                      <>
                        {" "}
                        <time dateTime={action.dueDate} className="whitespace-nowrap text-xs text-muted-foreground">
                          ({t("ai.panel.due", { date: formatDueDate(i18n.locale, action.dueDate) })})
                        </time>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : (
        <p className="break-words text-sm text-destructive">{t("ai.panel.failed", { reason: summary.error ?? "" })}</p>
      )}
      <SummaryByline summary={summary} timeZone={timeZone} now={now} />
    </article>
  );
}
