import type { WebhookProvider } from "@db/entities/webhook-inbox";
import { withOrganization, type Db } from "~/utils/db.server";

export interface InboxRow {
  id: string;
  connection_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

/** What applying an item came to; "retry" asks the job to run again later (its attempt counted). */
export type InboxOutcome = { status: "processed" | "ignored" | "rejected"; reason?: string } | { status: "retry"; reason: string };

/**
 * Processes one pending inbox item of a provider (worker). Everything `apply`
 * writes commits together with the row's new status, so a crash leaves the
 * item pending for the retry and a finished one is never applied twice.
 */
export async function processInboxItem(
  input: { organizationId: string; inboxId: string; provider: WebhookProvider },
  apply: (db: Db, inbox: InboxRow) => Promise<InboxOutcome>,
): Promise<"done" | "retry"> {
  return withOrganization(input.organizationId, async (db) => {
    const [inbox] = await db.execute<(InboxRow & { status: string })[]>(
      `select id, connection_id, payload, status, attempts from webhook_inbox where organization_id = ? and id = ? and provider = ? for update`,
      [input.organizationId, input.inboxId, input.provider],
    );
    if (!inbox || inbox.status !== "pending") return "done";
    const outcome = await apply(db, inbox);
    if (outcome.status === "retry") {
      await db.execute(`update webhook_inbox set attempts = attempts + 1, last_error = ? where id = ?`, [outcome.reason, inbox.id]);
      return "retry";
    }
    await db.execute(`update webhook_inbox set status = ?, reason = ?, attempts = attempts + 1, processed_at = now() where id = ?`, [
      outcome.status,
      outcome.reason ?? null,
      inbox.id,
    ]);
    return "done";
  });
}
