import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RETENTION_DAYS, type RetentionDays } from "~/lib/retention";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { retentionScheduleJob } from "~/modules/jobs/definitions/retention__schedule.server";
import { runRetentionPass } from "~/modules/retention/run-retention-pass.server";
import { scheduleRetentionPasses } from "~/modules/retention/schedule-retention-passes.server";
import { withOrganization } from "~/utils/db.server";
import { days, useTestClock } from "../support/clock";
import { useTestDatabase } from "../support/database";
import { aFile, anOrganization, objectKeys } from "../files/support";
import { runJobs } from "../whatsapp/support";
import {
  aLead,
  anAuditEntry,
  anEntry,
  anInboxItem,
  aPolicy,
  aStage,
  aSummary,
  callWithTranscript,
  daysBefore,
  rowText,
  runAuditsOf,
  runsOf,
  snapshotOf,
} from "./support";

const SHORT: RetentionDays = { communications: 90, media: 40, ai: 35, inbox: 7, audit: 60 };
type Policy = "defaults" | "short";
const POLICIES: Record<Policy, RetentionDays> = { defaults: DEFAULT_RETENTION_DAYS, short: SHORT };
type Kind = keyof RetentionDays;
/** A day either side of both organizations' limits, so each organization holds items the other's policy would expire. */
const agesOf = (kind: Kind) => [POLICIES.defaults[kind] - 1, POLICIES.defaults[kind] + 1, SHORT[kind] - 1, SHORT[kind] + 1];

type Fixture =
  | { policy: Policy; type: "entry" | "transcript" | "summary" | "sentiment" | "inbox" | "audit"; age: number; id: string; before: string }
  | { policy: Policy; type: "media"; age: number; id: string; before: string; key: string; entryId: string };

/** What the pass leaves of an item `shift` days after the fixtures' ages. */
function expectedState(fixture: Fixture, shift: number) {
  const limits = POLICIES[fixture.policy];
  const age = fixture.age + shift;
  switch (fixture.type) {
    case "entry":
      return age > limits.communications ? "redacted" : "kept";
    case "transcript":
      return age > limits.communications ? "redacted" : age > limits.ai ? "transcript-cleared" : "kept";
    case "media":
      return age > limits.media ? "gone" : "kept";
    case "summary":
    case "inbox":
      return age > limits[fixture.type === "summary" ? "ai" : "inbox"] ? "gone" : "kept";
    case "audit":
      return age > limits.audit ? "gone" : "kept";
    case "sentiment":
      return age > limits.ai ? "cleared" : "kept";
  }
}

/** The run counter an item's change adds to. */
function counterOf(fixture: Fixture, state: string) {
  if (state === "redacted") return "communications";
  if (state === "transcript-cleared") return "transcripts";
  if (fixture.type === "summary") return "ai";
  return fixture.type === "sentiment" ? null : fixture.type;
}

function expectedCounts(fixtures: Fixture[], policy: Policy, fromShift: number | null, toShift: number) {
  const counts: Record<string, number> = {};
  for (const fixture of fixtures.filter((candidate) => candidate.policy === policy)) {
    const state = expectedState(fixture, toShift);
    if (state === "kept" || (fromShift !== null && expectedState(fixture, fromShift) === state)) continue;
    const counter = counterOf(fixture, state);
    if (counter) counts[counter] = (counts[counter] ?? 0) + 1;
  }
  return counts;
}

describe("the retention pass", () => {
  const db = useTestDatabase();
  const clock = useTestClock();
  const organizations = {} as Record<Policy, string>;
  const fixtures: Fixture[] = [];

  const TABLES = { entry: "communications", transcript: "communications", media: "stored_files", summary: "ai_summaries", sentiment: "leads", inbox: "webhook_inbox", audit: "audit_logs" };

  async function seed(policy: Policy) {
    const organizationId = await anOrganization(db);
    organizations[policy] = organizationId;
    if (policy === "short") await aPolicy(db, organizationId, SHORT);
    const at = clock.now();
    const stageId = await aStage(db, organizationId);
    const leadId = await aLead(db, organizationId, stageId);
    const add = async (type: Fixture["type"], age: number, id: string, extra: Partial<Fixture> = {}) =>
      fixtures.push({ policy, type, age, id, before: (await rowText(db, TABLES[type], id))!, ...extra } as Fixture);

    for (const age of agesOf("communications")) await add("entry", age, await anEntry(db, organizationId, leadId, daysBefore(at, age)));
    for (const age of agesOf("media")) {
      const entryId = await anEntry(db, organizationId, leadId, daysBefore(at, 1), { kind: "image" });
      const file = await aFile(organizationId, { communicationId: entryId });
      await db.adminQuery("update stored_files set created_at = $2 where id = $1", [file.id, daysBefore(at, age)]);
      await db.adminQuery("update communications set metadata = jsonb_build_object('kind', 'image', 'media', jsonb_build_object('kind', 'image', 'fileId', $2::text, 'state', 'stored')) where id = $1", [
        entryId,
        file.id,
      ]);
      const [{ storage_key: key }] = await db.adminQuery<{ storage_key: string }>("select storage_key from stored_files where id = $1", [file.id]);
      await add("media", age, file.id, { key, entryId });
    }
    for (const age of agesOf("ai")) {
      await add("transcript", age, await anEntry(db, organizationId, leadId, daysBefore(at, age), callWithTranscript(`Transcrição ${age}`)));
      await add("summary", age, await aSummary(db, organizationId, leadId, daysBefore(at, age)));
      await add("sentiment", age, await aLead(db, organizationId, stageId, { summaryAt: daysBefore(at, age) }));
    }
    for (const age of agesOf("inbox")) await add("inbox", age, await anInboxItem(db, organizationId, daysBefore(at, age)));
    for (const age of agesOf("audit")) await add("audit", age, await anAuditEntry(db, organizationId, daysBefore(at, age)));
  }

  async function expectStates(shift: number) {
    const keys = { defaults: await objectKeys(organizations.defaults), short: await objectKeys(organizations.short) };
    for (const fixture of fixtures) {
      const state = expectedState(fixture, shift);
      const label = `${fixture.policy} ${fixture.type} aged ${fixture.age + shift} days: ${state}`;
      const text = await rowText(db, TABLES[fixture.type], fixture.id);
      if (state === "kept") expect(text, label).toBe(fixture.before);
      else if (state === "gone") expect(text, label).toBeNull();
      else {
        const row = JSON.parse(text!) as { content: string; redacted_at: string | null; metadata: { call?: { transcript?: unknown } }; ai_sentiment: string | null; ai_summary_at: string | null };
        if (state === "redacted") expect({ content: row.content, redacted: row.redacted_at !== null }, label).toEqual({ content: "", redacted: true });
        if (state === "transcript-cleared") {
          expect(row.metadata.call?.transcript, label).toEqual({ state: "unavailable", text: null, model: null, reason: "retention" });
          expect(row.redacted_at, label).toBeNull();
          expect(row.content, label).toBe((JSON.parse(fixture.before) as { content: string }).content);
        }
        if (state === "cleared") expect({ sentiment: row.ai_sentiment, at: row.ai_summary_at }, label).toEqual({ sentiment: null, at: null });
      }
      if (fixture.type === "media") {
        expect(keys[fixture.policy].includes(fixture.key), label).toBe(state === "kept");
        const [entry] = await db.adminQuery<{ metadata: { media: { state: string; fileId: string | null } } }>("select metadata from communications where id = $1", [fixture.entryId]);
        expect(entry.metadata.media, label).toEqual(state === "kept" ? { kind: "image", fileId: fixture.id, state: "stored" } : { kind: "image", fileId: null, state: "removed" });
      }
    }
  }

  beforeAll(async () => {
    await seed("defaults");
    await seed("short");
  });

  it("run nightly through the worker, redacts or deletes exactly what each organization's policy expired, and counts it", async () => {
    // The cron task fans out; the worker then runs one pass per organization.
    await withOrganization(organizations.defaults, (tx) => enqueueJob(tx, retentionScheduleJob, {}));
    await runJobs(db);

    await expectStates(0);
    for (const policy of ["defaults", "short"] as const) {
      const runs = await runsOf(db, organizations[policy]);
      expect(runs.map(({ status, trigger, error }) => ({ status, trigger, error }))).toEqual([{ status: "succeeded", trigger: "schedule", error: null }]);
      expect(runs[0].counts, policy).toEqual(expectedCounts(fixtures, policy, null, 0));
      const audits = await runAuditsOf(db, organizations[policy]);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actor_id: null, resource_id: runs[0].id });
      expect(audits[0].changes.after.counts).toEqual(runs[0].counts);
    }
    // The short policy really expired things the defaults keep, in every kind.
    expect(Object.keys(expectedCounts(fixtures, "short", null, 0)).sort()).toEqual(["ai", "audit", "communications", "inbox", "media", "transcripts"]);
  });

  it("changes nothing when it runs again, and counts nothing", async () => {
    const before = { defaults: await snapshotOf(db, organizations.defaults), short: await snapshotOf(db, organizations.short) };
    for (const policy of ["defaults", "short"] as const) {
      const result = await runRetentionPass({ organizationId: organizations[policy], trigger: "schedule", requestedBy: null });
      expect(result.counts).toEqual({});
      expect(await snapshotOf(db, organizations[policy])).toBe(before[policy]);
    }
    await expectStates(0);
  });

  it("queues one pass per organization however often the schedule fans out", async () => {
    await scheduleRetentionPasses();
    await scheduleRetentionPasses();
    const jobs = await db.adminQuery<{ key: string }>("select key from graphile_worker.jobs where task_identifier = 'retention__run_organization' and key = any($1)", [
      Object.values(organizations).map((id) => `retention__run_organization:${id}`),
    ]);
    expect(jobs).toHaveLength(2);
    await db.adminQuery("delete from graphile_worker._private_jobs where key like 'retention__run_organization:%'");
  });

  it("expires what crossed its limit once the clock moves, measuring from the clock and not the database", async () => {
    clock.advance(days(2));
    for (const policy of ["defaults", "short"] as const) {
      const result = await runRetentionPass({ organizationId: organizations[policy], trigger: "schedule", requestedBy: null });
      expect(result.counts, policy).toEqual(expectedCounts(fixtures, policy, 0, 2));
    }
    await expectStates(2);
  });
});
