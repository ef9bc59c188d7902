/** Percentiles and CPU accounting shared by the bench scripts (each of which runs on import, so they cannot share from one another). */
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
