/**
 * CPU seconds used so far by a process (Linux /proc), and by the embedded
 * PostgreSQL this process started (its postmaster, live backends and the
 * backends that have exited), so the report can say where the cores went.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  /** Own user + system ticks. */
  own: number;
  /** Ticks of children already reaped. */
  reaped: number;
}

function stat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const fields = text.slice(close + 2).split(" ");
    return {
      pid,
      comm: text.slice(text.indexOf("(") + 1, close),
      ppid: Number(fields[1]),
      own: Number(fields[11]) + Number(fields[12]),
      reaped: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return null;
  }
}

function allProcesses(): Stat[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((entry): entry is Stat => entry !== null);
}

export function processCpuSeconds(pid: number) {
  return (stat(pid)?.own ?? 0) / TICKS_PER_SECOND;
}

/**
 * Every `postgres` process descending from this one (as root the postmaster
 * runs under a user switch); exited backends count through their parent's
 * reaped ticks.
 */
export function postgresCpuSeconds() {
  const processes = allProcesses();
  const byPid = new Map(processes.map((entry) => [entry.pid, entry]));
  const descends = (entry: Stat) => {
    for (let parent = byPid.get(entry.ppid); parent; parent = byPid.get(parent.ppid)) if (parent.pid === process.pid) return true;
    return false;
  };
  const ticks = processes
    .filter((entry) => entry.comm.startsWith("postgres") && descends(entry))
    .reduce((sum, entry) => sum + entry.own + entry.reaped, 0);
  return ticks / TICKS_PER_SECOND;
}
