import { randomUUID } from "node:crypto";
import type { AiUsageKind } from "~/lib/ai";
import type { Db } from "~/utils/db.server";

/** One request sent to a provider, whatever its outcome: the month's usage and limit read these rows. Its id. */
export async function recordAiUsage(
  db: Db,
  organizationId: string,
  usage: {
    kind: AiUsageKind;
    model: string;
    summaryId?: string | null;
    communicationId?: string | null;
    inputTokens?: number;
    outputTokens?: number;
    audioSeconds?: number | null;
    costBrl: number | null;
    succeeded: boolean;
  },
) {
  const id = randomUUID();
  await db.execute(
    `insert into ai_usage (id, organization_id, kind, model, summary_id, communication_id, input_tokens, output_tokens, audio_seconds, cost_brl, succeeded, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())`,
    [
      id,
      organizationId,
      usage.kind,
      usage.model.slice(0, 80),
      usage.summaryId ?? null,
      usage.communicationId ?? null,
      usage.inputTokens ?? 0,
      usage.outputTokens ?? 0,
      usage.audioSeconds == null ? null : Math.round(usage.audioSeconds),
      usage.costBrl,
      usage.succeeded,
    ],
  );
  return id;
}
