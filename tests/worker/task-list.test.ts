import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseCrontab } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { taskList } from "@worker/task-list";
import type { JobDefinition } from "~/modules/jobs/define-job.server";

const DEFINITIONS = "app/modules/jobs/definitions";

/** Every job definition in the definitions folder, by the file it lives in. */
async function definitions() {
  const found: { file: string; job: JobDefinition }[] = [];
  for (const file of (await readdir(DEFINITIONS)).filter((name) => name.endsWith(".server.ts")).sort()) {
    const module = (await import(path.resolve(DEFINITIONS, file))) as Record<string, unknown>;
    for (const value of Object.values(module)) found.push({ file, job: value as JobDefinition });
  }
  return found;
}

describe("the worker's task list", () => {
  it("runs every job definition, one file per job named after it, and nothing else", async () => {
    const found = await definitions();
    expect(found.length).toBeGreaterThan(0);
    for (const { file, job } of found) expect(file).toBe(`${job.name}.server.ts`);
    expect(Object.keys(taskList).sort()).toEqual(found.map(({ job }) => job.name).sort());
    for (const { job } of found) expect((taskList as Record<string, { job: JobDefinition }>)[job.name].job).toBe(job);
  });

  it("has a task, and a definition accepting the cron payload, for every crontab entry", async () => {
    const byName = new Map<string, JobDefinition>((await definitions()).map(({ job }) => [job.name, job]));
    const items = parseCrontab(await readFile("worker/crontab", "utf8"));
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(Object.keys(taskList)).toContain(item.task);
      // graphile-worker adds `_cron` to the entry's own payload.
      const payload = { ...(item.payload ?? {}), _cron: { ts: new Date().toISOString(), backfilled: false } };
      expect(byName.get(item.task)?.payload.safeParse(payload).success).toBe(true);
    }
  });
});
