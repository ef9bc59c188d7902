/** `bench:ai`'s clock and its event stream reader, keyed by lead for `summary.created`. */

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
  const abort = new AbortController();
  const response = await fetch(url, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`event stream: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const at = wallNow();
      buffer += value;
      const frames = buffer.split("\n\n");
      buffer = frames.pop() ?? "";
      for (const frame of frames) {
        if (!frame.includes("event: summary.created")) continue;
        const data = frame.split("\n").find((line) => line.startsWith("data: "));
        if (!data) continue;
        const event = JSON.parse(data.slice(6)) as { leadId: string; status: string; at: string };
        seen.set(event.leadId, [...(seen.get(event.leadId) ?? []), { at, transactionAt: Date.parse(event.at), status: event.status }]);
      }
    }
  })();
  return {
    seen,
    close: async () => {
      abort.abort();
      await pump;
    },
  };
}
