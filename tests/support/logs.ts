import { afterAll, beforeAll } from "vitest";
import { redirectLogs } from "~/utils/logger.server";

export type LogLine = Record<string, unknown> & { level: string; msg: string; time: string };

/**
 * What this test file's process logs, one parsed JSON object per line, at
 * `info` and above (the suite otherwise runs at LOG_LEVEL=silent). Each line
 * must be one JSON object: a line that is not fails the test reading it.
 */
export function captureLogs(): LogLine[] {
  const lines: LogLine[] = [];
  let restore = () => {};
  beforeAll(() => {
    restore = redirectLogs({ write: (text: string) => void lines.push(JSON.parse(text) as LogLine) }, "info");
  });
  afterAll(() => restore());
  return lines;
}
