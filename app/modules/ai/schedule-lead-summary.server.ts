import type { Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { aiSummarizeLeadJob } from "~/modules/jobs/definitions/ai__summarize_lead.server";

/**
 * The lead's conversation changed (a message in or out, an ended call, a
 * transcript, a note): one summary job, inside the caller's transaction.
 * Each change pushes the pending job AI_SUMMARY_DELAY_MS further (a burst
 * makes one summary) but never past AI_SUMMARY_MAX_WAIT_MS after the first
 * unsummarized change (a steady conversation still gets one). Nothing at
 * all when the organization has AI off.
 */
export async function scheduleLeadSummary(db: Db, organizationId: string, leadId: string) {
  const { AI_SUMMARY_DELAY_MS, AI_SUMMARY_MAX_WAIT_MS } = getEnv();
  const [due] = await db.execute<{ run_at: Date }[]>(
    `update leads l set ai_pending_since = coalesce(l.ai_pending_since, now())
       from organizations o
      where l.organization_id = ? and l.id = ? and o.id = l.organization_id and o.ai_enabled
      returning least(now() + make_interval(secs => ?), l.ai_pending_since + make_interval(secs => ?)) as run_at`,
    [organizationId, leadId, AI_SUMMARY_DELAY_MS / 1000, AI_SUMMARY_MAX_WAIT_MS / 1000],
  );
  if (!due) return false;
  await enqueueJob(db, aiSummarizeLeadJob, { organizationId, leadId, trigger: "auto" }, { runAt: new Date(due.run_at) });
  return true;
}
