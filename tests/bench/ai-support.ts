/** `bench:ai`'s clock and its event stream reader, keyed by lead for `summary.created`. */
import { watchEvents } from "./bench-stats";

/**
 * Epoch milliseconds with performance.now()'s resolution: the bench compares
 * its own instants with PostgreSQL's and the worker's log times, all read
 * from this machine's clock.
 */
export const wallNow = () => performance.timeOrigin + performance.now();

/** One `summary.created` as the stream delivered it: when (wallNow), and when the transaction that saved it began (the event's `at`). */
export type SeenSummary = { at: number; transactionAt: number; status: string };

/**
 * The organization's event stream as a browser holds it, reduced to every
 * `summary.created` per lead (more than one for a lead is a finding).
 */
export async function watchSummaries(url: string, cookie: string) {
  const seen = new Map<string, SeenSummary[]>();
  const stream = await watchEvents(url, cookie, "summary.created", (data, at) => {
    const leadId = data.leadId as string;
    seen.set(leadId, [...(seen.get(leadId) ?? []), { at, transactionAt: Date.parse(data.at as string), status: data.status as string }]);
  }, wallNow);
  return { seen, close: stream.close };
}
