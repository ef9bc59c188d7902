import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { WebhookProvider } from "@db/entities/webhook-inbox";
import type { Db } from "~/utils/db.server";
import type { JobDefinition, JobName } from "~/modules/jobs/define-job.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";

/** One item of a delivery as the inbox keeps it: pending ones are processed by `job`, ignored ones kept with their reason. */
export interface WebhookItem {
  dedupKey: string;
  payload: Record<string, unknown>;
  status: "pending" | "ignored";
  reason?: string;
}

// PostgreSQL text and jsonb hold neither NUL nor half a surrogate pair; a provider's body (or a forged one that was still signed) can carry both.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A string as the database can keep it: NUL dropped, a lone surrogate as U+FFFD (what a UTF-8 decoder shows for it). */
function storable(_key: string, value: unknown) {
  return typeof value === "string" ? value.replaceAll("\u0000", "").replace(LONE_SURROGATE, "\ufffd") : value;
}

/** The processing job every pending item gets: it reads the inbox row by id. */
type InboxJob = JobDefinition<JobName, z.ZodType<unknown, { organizationId: string; inboxId: string }>>;

/**
 * Writes a provider delivery's items to the one webhook inbox, with the job
 * that processes each new pending item, in the caller's transaction (so a job
 * exists iff its row does). An item whose dedup key the organization already
 * has (a redelivery) is skipped: it was, or will be, processed once.
 * Strings are cleaned of what PostgreSQL cannot store, so no body makes the
 * insert fail. One statement for the rows; one per queued job.
 */
export async function recordWebhookItems(
  db: Db,
  input: { organizationId: string; provider: WebhookProvider; connectionId: string; items: WebhookItem[]; job: InboxJob },
) {
  if (!input.items.length) return { stored: 0, queued: 0 };
  const rows = input.items.map((item) => ({ id: randomUUID(), dedup_key: item.dedupKey, payload: item.payload, status: item.status, reason: item.reason ?? null }));
  const inserted = await db.execute<{ id: string; status: string }[]>(
    `insert into webhook_inbox (id, organization_id, provider, connection_id, dedup_key, payload, received_at, status, reason)
     select item.id, ?, ?, ?, item.dedup_key, item.payload, now(), item.status, item.reason
       from jsonb_to_recordset(?::jsonb) as item(id uuid, dedup_key text, payload jsonb, status text, reason text)
     on conflict (organization_id, provider, dedup_key) do nothing
     returning id, status`,
    [input.organizationId, input.provider, input.connectionId, JSON.stringify(rows, storable)],
  );
  let queued = 0;
  for (const row of inserted) {
    if (row.status !== "pending") continue;
    await enqueueJob(db, input.job, { organizationId: input.organizationId, inboxId: row.id });
    queued += 1;
  }
  return { stored: inserted.length, queued };
}
