import type { JobHelpers, Task } from "graphile-worker";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loggerFor, redirectLogs } from "~/utils/logger.server";
import { logJobs } from "./job-log";

const ORGANIZATION = "6f1d2c3b-0000-4000-8000-000000000001";
const helpersFor = (id: string) => ({ job: { id, attempts: 2 } }) as unknown as JobHelpers;

describe("logJobs", () => {
  let lines: Record<string, unknown>[] = [];
  let restore = () => {};
  beforeEach(() => {
    lines = [];
    restore = redirectLogs({ write: (text: string) => void lines.push(JSON.parse(text) as Record<string, unknown>) }, "info");
  });
  afterEach(() => restore());

  it("writes one line per run with the job's name, id, organization and duration, and stamps the task's own lines", async () => {
    const task: Task = async () => loggerFor("worker").info("inside");
    const { invite__send_email } = logJobs({ invite__send_email: task });
    await invite__send_email!({ organizationId: ORGANIZATION, inviteId: "x" }, helpersFor("41"));

    expect(lines.find((line) => line.msg === "inside")).toMatchObject({ job: "invite__send_email", jobId: "41", organizationId: ORGANIZATION });
    const done = lines.filter((line) => line.msg === "job done");
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ level: "info", component: "worker", job: "invite__send_email", jobId: "41", organizationId: ORGANIZATION, attempt: 2 });
    expect(typeof done[0].durationMs).toBe("number");
    expect(JSON.stringify(lines)).not.toContain("inviteId");
  });

  it("logs a failure with its stack and hands the error back to graphile-worker for a retry", async () => {
    const failure = new Error("smtp refused");
    const { session__purge_expired } = logJobs({ session__purge_expired: () => Promise.reject(failure) });
    await expect(session__purge_expired!({}, helpersFor("42"))).rejects.toBe(failure);

    const failed = lines.filter((line) => line.msg === "job failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: "error", job: "session__purge_expired", jobId: "42", err: { message: "smtp refused" } });
    expect(failed[0].organizationId).toBeUndefined();
    expect((failed[0].err as { stack: string }).stack).toMatch(/\n\s+at /);
  });
});
