import { Logger, type JobHelpers } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job.server";
import { defineTask, taskListOf } from "./define-task";

const greetJob = defineJob({ name: "test__greet", payload: z.object({ userId: z.uuid(), times: z.number().int().default(1) }) });
const userId = "0b7b7a4e-4a55-4d6f-9f3c-3c1f6f1a0003";

function helpers() {
  const logs: { level: string; message: string }[] = [];
  const logger = new Logger(() => (level, message) => logs.push({ level, message }));
  return { logs, helpers: { logger, job: { id: "17" } } as unknown as JobHelpers };
}

describe("defineTask", () => {
  it("hands the handler the payload as the definition's schema reads it", async () => {
    const seen: unknown[] = [];
    const task = defineTask(greetJob, async (payload) => {
      seen.push(payload);
    });
    expect(task.job).toBe(greetJob);
    await task({ userId, extra: "dropped" }, helpers().helpers);
    expect(seen).toEqual([{ userId, times: 1 }]);
  });

  it("ends a job whose payload the schema refuses with a permanent-failure log, without running the handler", async () => {
    let ran = false;
    const task = defineTask(greetJob, async () => {
      ran = true;
    });
    const { logs, helpers: jobHelpers } = helpers();
    await expect(Promise.resolve(task({ userId: "ana@example.test" }, jobHelpers))).resolves.toBeUndefined();
    await expect(Promise.resolve(task(null, jobHelpers))).resolves.toBeUndefined();
    expect(ran).toBe(false);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatchObject({ level: "error", message: expect.stringMatching(/^job 17 \(test__greet\) failed permanently: .*userId/) });
    // Field names and expectations only: a value from the payload never reaches the log.
    expect(logs[0].message).not.toContain("ana@example.test");
  });

  it("lets a handler's own failure through, so graphile-worker retries it", async () => {
    const task = defineTask(greetJob, async () => {
      throw new Error("mail server down");
    });
    await expect(Promise.resolve(task({ userId }, helpers().helpers))).rejects.toThrow("mail server down");
  });
});

describe("taskListOf", () => {
  it("keys each task by its definition's name and refuses two tasks for one job", () => {
    const task = defineTask(greetJob, async () => {});
    expect(taskListOf([task])).toEqual({ test__greet: task });
    expect(() => taskListOf([task, defineTask(greetJob, async () => {})])).toThrow(/Two tasks run test__greet/);
  });
});
