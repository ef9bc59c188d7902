import pino, { type DestinationStream, type Level, type Logger } from "pino";
import { getLogLevel } from "./env.server";
import { currentWorkContext } from "./work-context.server";

export type { Logger };
export type Component = "web" | "worker" | "realtime" | "db" | "files";

interface Sink {
  root: Logger;
  destination: DestinationStream;
}

// On globalThis: the Remix server bundle and code run from source are separate
// module copies in one process; both must write through one logger (and one
// destination, which tests swap to read what was logged).
const store = globalThis as typeof globalThis & { __lovedLogger?: Sink };

function createSink(): Sink {
  const sink: Sink = {
    destination: process.stdout,
    root: pino(
      {
        level: getLogLevel(),
        timestamp: pino.stdTimeFunctions.isoTime,
        // Level names, not pino's numbers: what log search and people read.
        formatters: { level: (label) => ({ level: label }) },
        // The request or job a line was written in, without passing it down every call.
        mixin: () => ({ ...currentWorkContext() }),
      },
      { write: (line: string) => sink.destination.write(line) },
    ),
  };
  return sink;
}

function sink() {
  return (store.__lovedLogger ??= createSink());
}

/**
 * One JSON object per line on stdout (the platform collects and ships it),
 * at LOG_LEVEL. A component's logger stamps every line with its name; errors
 * go in as `{ err }` so the stack is logged — never shown to a visitor.
 */
export function loggerFor(component: Component): Logger {
  return sink().root.child({ component });
}

/**
 * Sends every line to `destination` at `level` until the returned function is
 * called (tests read what a request logged; the suite runs at LOG_LEVEL=silent).
 */
export function redirectLogs(destination: DestinationStream, level: Level | "silent" = "info"): () => void {
  const current = sink();
  const previous = { destination: current.destination, level: current.root.level };
  current.destination = destination;
  current.root.level = level;
  return () => {
    current.destination = previous.destination;
    current.root.level = previous.level;
  };
}
