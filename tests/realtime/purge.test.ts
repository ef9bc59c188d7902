import { readFile } from "node:fs/promises";
import { Logger, parseCrontab, quickAddJob, runOnce } from "graphile-worker";
import { beforeAll, describe, expect, it } from "vitest";
import { taskList } from "@worker/task-list";
import { EVENT_RETENTION_MS } from "~/modules/realtime/purge-events.server";
import { useTestDatabase } from "../support/database";
import { organizationIds, type Orgs } from "./helpers";

const quietLogger = new Logger(() => () => {});

describe("realtime__purge_events", () => {
  const db = useTestDatabase();
  let orgs: Orgs;

  /** Events of one organization created `minutesAgo`, with ids after its current head. */
  async function insertEvents(organizationId: string, minutesAgo: number[]) {
    const [{ last_event_id: head }] = await db.adminQuery<{ last_event_id: string }>(
      `insert into realtime_sequences (organization_id, last_event_id) values ($1, $2)
       on conflict (organization_id) do update set last_event_id = realtime_sequences.last_event_id + $2
       returning last_event_id - $2 as last_event_id`,
      [organizationId, minutesAgo.length],
    );
    for (const [index, minutes] of minutesAgo.entries()) {
      await db.adminQuery(
        `insert into realtime_events (organization_id, event_id, type, data, created_at)
         values ($1, $2, 'lead.updated', '{}', now() - make_interval(mins => $3))`,
        [organizationId, Number(head) + index + 1, minutes],
      );
    }
  }

  const ages = (organizationId: string) =>
    db.adminQuery<{ minutes: number }>(
      `select floor(extract(epoch from now() - created_at) / 60)::int as minutes from realtime_events where organization_id = $1 order by event_id`,
      [organizationId],
    );

  beforeAll(async () => {
    orgs = await organizationIds(db);
  });

  it("keeps at least ten minutes of history", () => {
    expect(EVENT_RETENTION_MS).toBeGreaterThanOrEqual(10 * 60_000);
  });

  it("is scheduled by the crontab with a fixed id", async () => {
    const items = parseCrontab(await readFile("worker/crontab", "utf8"));
    const item = items.find((entry) => entry.task === "realtime__purge_events");
    expect(item?.identifier).toBe("realtime_purge_events");
    expect(taskList.realtime__purge_events).toBeTypeOf("function");
  });

  it("deletes every organization's events past the window and nothing newer, through row-level security", async () => {
    await insertEvents(orgs.aurora, [60, 16, 11, 1]);
    await insertEvents(orgs.boreal, [30, 2]);
    await quickAddJob({ connectionString: db.ownerUrl }, "realtime__purge_events", {});
    await runOnce({ connectionString: db.ownerUrl, taskList, logger: quietLogger, noHandleSignals: true });
    const failed = await db.adminQuery(`select last_error from graphile_worker.jobs where task_identifier = 'realtime__purge_events'`);
    expect(failed).toEqual([]);
    expect((await ages(orgs.aurora)).map((row) => row.minutes)).toEqual([11, 1]);
    expect((await ages(orgs.boreal)).map((row) => row.minutes)).toEqual([2]);
  });
});
