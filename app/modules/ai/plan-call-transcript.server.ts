import type { Db } from "~/utils/db.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { aiTranscribeCallJob } from "~/modules/jobs/definitions/ai__transcribe_call.server";
import type { CallMetadata } from "~/modules/timeline/entry-metadata.server";
import { isOpenAiConfigured } from "./openai/openai-client.server";

/**
 * A call's recording was just stored: its transcript is queued when AI is on
 * and a provider key is configured (inside the caller's transaction), and
 * unavailable otherwise — the call says so rather than waiting forever.
 */
export async function planCallTranscript(db: Db, organizationId: string, callId: string): Promise<NonNullable<CallMetadata["transcript"]>> {
  const [organization] = await db.execute<{ ai_enabled: boolean }[]>("select ai_enabled from organizations where id = ?", [organizationId]);
  if (!organization?.ai_enabled) return { state: "unavailable", text: null, model: null, reason: "ai-off" };
  if (!isOpenAiConfigured()) return { state: "unavailable", text: null, model: null, reason: "no-provider" };
  await enqueueJob(db, aiTranscribeCallJob, { organizationId, callId });
  return { state: "pending", text: null, model: null, reason: null };
}
