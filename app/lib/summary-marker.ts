/**
 * Whether a card marks its lead's newest summary as new to the reader: it
 * came after their last visit to the lead, or they never opened it. The
 * visit is the reader's own and never travels with the card.
 */
export function hasNewSummary(aiSummaryAt: string | null, visitedAt: string | undefined): boolean {
  if (!aiSummaryAt) return false;
  return visitedAt === undefined || Date.parse(aiSummaryAt) > Date.parse(visitedAt);
}
