import { OUTBOUND_STATUSES } from "~/lib/timeline";

/**
 * Whether an outbound message may move from `current` to `next`. Statuses
 * only advance (queued < sent < delivered < read) and `failed` ends any step
 * before `read` (the rule applyWhatsAppStatus keeps for webhooks):
 * Graph's answer to our send and Meta's status webhooks race, so whichever
 * lands later must not undo what the other already recorded.
 */
export function advancesStatus(current: string | null, next: string): boolean {
  if (current === "failed" || current === "read") return false;
  if (next === "failed") return true;
  const from = OUTBOUND_STATUSES.indexOf(current as (typeof OUTBOUND_STATUSES)[number]);
  const to = OUTBOUND_STATUSES.indexOf(next as (typeof OUTBOUND_STATUSES)[number]);
  return to > from;
}
