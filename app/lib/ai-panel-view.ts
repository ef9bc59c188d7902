import type { SuggestionField, SummaryView } from "./ai";

/** One suggestion of a summary as the lead page shows it: a button to take it, or who already did. */
export interface SuggestionOffer {
  field: SuggestionField;
  /** The stage's name for a stage, the extracted text otherwise. */
  value: string;
  /** Why the stage was suggested; null for the other fields. */
  reason: string | null;
  accepted: { by: string | null; at: string } | null;
}

interface LeadNow {
  stageId: string;
  company: string | null;
  email: string | null;
}

const same = (a: string | null, b: string) => (a ?? "").trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/**
 * The suggestions of a summary worth a click: a stage other than the lead's
 * own (for those who may move it) and extracted fields the lead does not
 * hold already (for those who may edit it). A taken suggestion stays listed
 * with who took it, whatever the reader may do. The budget is free text
 * ("R$ 15 mil") that only the server reads as an amount, so it is offered
 * whenever there is one.
 */
export function suggestionOffers(summary: SummaryView, lead: LeadNow, allowed: { move: boolean; edit: boolean }): SuggestionOffer[] {
  const result = summary.result;
  if (!result) return [];
  const offers: SuggestionOffer[] = [];
  const offer = (field: SuggestionField, value: string | null, reason: string | null, worthIt: boolean) => {
    if (!value) return;
    const accepted = summary.accepted[field] ?? null;
    if (accepted || worthIt) offers.push({ field, value, reason, accepted });
  };
  const stage = result.suggestedStage;
  offer("stage", stage?.name ?? null, stage?.reason ?? null, allowed.move && !!stage && stage.id !== lead.stageId);
  const { company, email, budget, deadline } = result.extracted;
  offer("company", company, null, allowed.edit && !!company && !same(lead.company, company));
  offer("email", email, null, allowed.edit && !!email && !same(lead.email, email));
  offer("budget", budget, null, allowed.edit);
  offer("deadline", deadline, null, allowed.edit);
  return offers;
}

/**
 * How the panel lays out a lead's analyses (newest first): the newest
 * succeeded summary stays in view even when a later attempt failed — that
 * failure shows above it — and everything else is history.
 */
export function arrangeSummaries(summaries: SummaryView[]) {
  const current = summaries.find((summary) => summary.status === "succeeded") ?? null;
  const failure = summaries[0]?.status === "failed" ? summaries[0] : null;
  return { failure, current, history: summaries.filter((summary) => summary !== current && summary !== failure) };
}
