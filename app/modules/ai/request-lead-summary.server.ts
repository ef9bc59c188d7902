import { message } from "~/i18n/catalogue";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { aiSummarizeLeadJob } from "~/modules/jobs/definitions/ai__summarize_lead.server";
import { isAiLimitReached } from "./ai-limit.server";
import { fingerprintLeadConversation } from "./read-lead-conversation.server";

/**
 * "Resumir agora": a summary job that runs at once (replacing the lead's
 * pending one), unless the newest summary already covers the conversation
 * as it stands. Refused while AI is off (409) and, with a provider, once the
 * month's limit is spent (429): nothing is sent. Null when the lead is not
 * the organization's.
 */
export async function requestLeadSummary(actor: { organizationId: string; userId: string }, leadId: string) {
  const { organizationId } = actor;
  return withOrganization(organizationId, async (db) => {
    const [lead] = await db.execute<{ ai_enabled: boolean; ai_monthly_limit: number }[]>(
      `select o.ai_enabled, o.ai_monthly_limit from leads l join organizations o on o.id = l.organization_id
        where l.organization_id = ? and l.id = ? for update of l`,
      [organizationId, leadId],
    );
    if (!lead) return null;
    if (!lead.ai_enabled) throw new DomainRefusal(message("ai.summarize.off"), { status: 409, code: "ai_off" });
    if (await isAiLimitReached(db, organizationId, lead.ai_monthly_limit)) {
      throw new DomainRefusal(message("ai.summarize.limit", { limit: lead.ai_monthly_limit }), { status: 429, code: "ai_limit" });
    }
    const { fingerprint, entries } = await fingerprintLeadConversation(db, organizationId, leadId);
    if (entries === 0) throw new DomainRefusal(message("ai.summarize.empty"), { status: 409, code: "empty" });
    const [latest] = await db.execute<{ input_fingerprint: string; status: string; recent: boolean }[]>(
      `select input_fingerprint, status, created_at > now() - interval '1 minute' as recent from ai_summaries
        where organization_id = ? and lead_id = ? order by created_at desc, id desc limit 1`,
      [organizationId, leadId],
    );
    if (latest?.input_fingerprint === fingerprint && latest.status === "succeeded") return { queued: false as const };
    // A provider that just failed on this very conversation is given a minute before it is paid to try again.
    if (latest?.input_fingerprint === fingerprint && latest.recent) {
      throw new DomainRefusal(message("ai.summarize.retrySoon"), { status: 429, code: "ai_retry_soon", retryAfterSeconds: 60 });
    }
    await db.execute("update leads set ai_pending_since = coalesce(ai_pending_since, now()) where organization_id = ? and id = ?", [organizationId, leadId]);
    await enqueueJob(db, aiSummarizeLeadJob, { organizationId, leadId, trigger: "manual", requestedBy: actor.userId });
    return { queued: true as const };
  });
}
