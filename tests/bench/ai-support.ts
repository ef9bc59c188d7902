/**
 * `bench:ai`'s measuring tools: percentiles, the CPU meter and the event
 * stream reader, as in `webhooks.ts` (that script runs on import, so they
 * are not shared from there), the reader keyed by lead for `summary.created`.
 */
import { postgresCpuSeconds, processCpuSeconds } from "./load/cpu";

export function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

const ms = (value: number) => (Math.abs(value) < 10 ? value.toFixed(1) : Math.round(value).toString());

export function summary(samples: number[], percentiles = [50, 95, 99]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return `n=${sorted.length} ${percentiles.map((p) => `p${p}=${ms(percentile(sorted, p))}`).join(" ")} max=${ms(sorted.at(-1) ?? NaN)} ms`;
}

/** CPU milliseconds per item that each process spent between `mark()` and the call (where the cores went, on a machine shared with the bench). */
export function cpuMeter(pids: Record<string, () => number>) {
  const read = () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, name === "postgres" ? postgresCpuSeconds() : processCpuSeconds(pid())]));
  let start = read();
  return {
    mark: () => void (start = read()),
    perItem: (items: number) =>
      Object.entries(read())
        .map(([name, seconds]) => `${name} ${((1000 * (seconds - start[name])) / items).toFixed(1)}`)
        .join(", ") + " ms CPU per summary",
  };
}

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
