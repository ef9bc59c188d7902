import { withOrganization } from "~/utils/db.server";

/**
 * A processing attempt threw: the inbox row says so (its transaction rolled
 * back with everything else). The last attempt marks it failed, so an item
 * is never left pending once the worker has given up on it.
 */
export async function noteInboxFailure(input: { organizationId: string; inboxId: string; error: unknown; lastAttempt: boolean }) {
  const reason = input.error instanceof Error ? `${input.error.name}: ${input.error.message}`.slice(0, 500) : "unknown error";
  await withOrganization(input.organizationId, (db) =>
    db.execute(
      `update webhook_inbox set attempts = attempts + 1, last_error = ?, status = case when ? then 'failed' else status end
        where organization_id = ? and id = ? and status = 'pending'`,
      [reason, input.lastAttempt, input.organizationId, input.inboxId],
    ),
  );
}
