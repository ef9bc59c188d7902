/** Percentiles, CPU accounting and an event-stream reader shared by the bench scripts (each of which runs on import, so they cannot share from one another). */
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
export function cpuMeter(pids: Record<string, () => number>, unit = "item") {
  const read = () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, name === "postgres" ? postgresCpuSeconds() : processCpuSeconds(pid())]));
  let start = read();
  return {
    mark: () => void (start = read()),
    perItem: (items: number) =>
      Object.entries(read())
        .map(([name, seconds]) => `${name} ${((1000 * (seconds - start[name])) / items).toFixed(2)}`)
        .join(", ") + ` ms CPU per ${unit}`,
  };
}

/**
 * An organization's event stream as a browser holds it: every event of
 * `type` handed to `onEvent` with its data and the time it was read (by
 * `clock`, so each bench keeps its own time base).
 */
export async function watchEvents(url: string, cookie: string, type: string, onEvent: (data: Record<string, unknown>, at: number) => void, clock: () => number = () => performance.now()) {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`event stream: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const at = clock();
      buffer += value;
      const frames = buffer.split("\n\n");
      buffer = frames.pop() ?? "";
      for (const frame of frames) {
        if (!frame.includes(`event: ${type}`)) continue;
        const data = frame.split("\n").find((line) => line.startsWith("data: "));
        if (data) onEvent(JSON.parse(data.slice(6)) as Record<string, unknown>, at);
      }
    }
  })();
  return {
    close: async () => {
      abort.abort();
      await pump;
    },
  };
}
