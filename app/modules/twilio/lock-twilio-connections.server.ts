import type { Db } from "~/utils/db.server";

/**
 * Serialises Twilio connection changes within one organization until the
 * transaction ends, so the "account already connected" and "number used by
 * another connection" checks cannot race a teammate's change into a
 * unique-constraint error.
 */
export async function lockTwilioConnections(db: Db, organizationId: string) {
  await db.execute("select pg_advisory_xact_lock(hashtextextended('twilio-connections:' || ?::text, 0))", [organizationId]);
}
