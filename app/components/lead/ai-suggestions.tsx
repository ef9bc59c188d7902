import { useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";
import type { SummaryView } from "~/lib/ai";
import { suggestionOffers, type SuggestionOffer } from "~/lib/ai-panel-view";
import { cn } from "~/lib/cn";

interface Reply {
  ok: boolean;
  message: string | null;
}

interface AiSuggestionsProps {
  slug: string;
  summary: SummaryView;
  lead: { id: string; version: number; stageId: string; company: string | null; email: string | null };
  allowed: { move: boolean; edit: boolean };
}

function Applied({ offer }: { offer: SuggestionOffer }) {
  const { t } = useI18n();
  const by = offer.accepted?.by;
  return (
    <span className="text-xs text-muted-foreground" data-accepted>
      {/* "" is a deleted account's emptied name: someone did apply it. */}
      {typeof by === "string" ? t("ai.panel.appliedBy", { name: by || t("account.delete.removedUser") }) : t("ai.panel.applied")}
    </span>
  );
}

/**
 * A summary's suggestions, each one click away and never applied without
 * it: the stage through the ordinary move, the fields through the ordinary
 * edit, both with the lead's version as this page shows it.
 */
export function AiSuggestions({ slug, summary, lead, allowed }: AiSuggestionsProps) {
  const { t } = useI18n();
  const headingId = useId();
  const fetcher = useFetcher<Reply>();
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const reply = fetcher.state === "idle" ? fetcher.data : undefined;
  // A refusal does not reload the page's data, and this page ignores teammates' edits while open:
  // reading the lead again gives the next click its current version instead of the same stale one.
  useEffect(() => {
    if (reply && !reply.ok) revalidate.current();
  }, [reply]);
  const offers = suggestionOffers(summary, lead, allowed);
  if (offers.length === 0) return null;
  const busy = fetcher.state !== "idle";
  return (
    <section aria-labelledby={headingId} className="grid gap-2">
      <h3 id={headingId} className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">
        {t("ai.panel.suggestions")}
      </h3>
      <ul className="grid gap-2">
        {offers.map((offer) => {
          const label = t(`ai.panel.field.${offer.field}`);
          return (
            <li key={offer.field} data-suggestion={offer.field} className="flex flex-wrap items-center justify-between gap-2 rounded-md border p-2 text-sm">
              <div className="min-w-0 flex-1">
                {offer.field === "stage" && !offer.accepted ? null : (
                  <p className="break-words">
                    <span className="text-muted-foreground">{label}: </span>
                    <span className="font-medium">{offer.value}</span>
                  </p>
                )}
                {offer.reason ? <p className="break-words text-xs text-muted-foreground">{offer.reason}</p> : null}
              </div>
              {offer.accepted ? (
                <Applied offer={offer} />
              ) : (
                <fetcher.Form method="post" action={`/o/${slug}/leads/${lead.id}`} className={cn(offer.field === "stage" && "order-first w-full sm:order-none sm:w-auto")}>
                  <input type="hidden" name="intent" value="accept-suggestion" />
                  <input type="hidden" name="summaryId" value={summary.id} />
                  <input type="hidden" name="field" value={offer.field} />
                  <input type="hidden" name="version" value={lead.version} />
                  <Button type="submit" size="sm" variant="outline" disabled={busy} className="h-auto min-h-10 whitespace-normal text-left">
                    {offer.field === "stage" ? (
                      t("ai.panel.moveTo", { stage: offer.value })
                    ) : (
                      <>
                        {t("ai.panel.use")}
                        <span className="sr-only">
                          {" "}
                          {label}: {offer.value}
                        </span>
                      </>
                    )}
                  </Button>
                </fetcher.Form>
              )}
            </li>
          );
        })}
      </ul>
      <p role="status" className={cn("text-xs", reply && !reply.ok ? "text-destructive" : "text-muted-foreground")}>
        {reply?.message ?? ""}
      </p>
    </section>
  );
}
