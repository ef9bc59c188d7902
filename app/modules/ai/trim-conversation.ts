/**
 * Which entries of a conversation one summary sends: the newest first until
 * the token budget is spent, then back in time order. With a previous
 * summary, only what came after it (plus a little context before) — the
 * summary stands in for the rest, so a long history stays cheap.
 */
export type TrimmableEntry = { text: string; at: Date };

/** A rough, provider-independent count: about four characters a token. */
export function estimateTokens(text: string) {
  return Math.ceil(text.length / 4);
}

const CONTEXT_BEFORE_PREVIOUS = 4;
/** An entry longer than this is cut, so one pasted document cannot crowd out the conversation. */
const ENTRY_MAX_CHARACTERS = 2_000;

export function trimConversation<T extends TrimmableEntry>(
  newestFirst: readonly T[],
  options: { budgetTokens: number; previousSummary: { text: string; coveredUntil: Date | null } | null },
): T[] {
  const { previousSummary } = options;
  let budget = options.budgetTokens - (previousSummary ? estimateTokens(previousSummary.text) : 0);
  let olderSeen = 0;
  const chosen: T[] = [];
  for (const entry of newestFirst) {
    const covered = previousSummary?.coveredUntil && entry.at <= previousSummary.coveredUntil;
    if (covered && ++olderSeen > CONTEXT_BEFORE_PREVIOUS) break;
    const text = entry.text.length > ENTRY_MAX_CHARACTERS ? `${entry.text.slice(0, ENTRY_MAX_CHARACTERS)}…` : entry.text;
    const cost = estimateTokens(text) + 8;
    if (cost > budget && chosen.length) break;
    budget -= cost;
    chosen.push(text === entry.text ? entry : { ...entry, text });
  }
  return chosen.reverse();
}
