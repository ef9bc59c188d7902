import type { MemberContext } from "~/utils/membership.server";
import { withOrganization } from "~/utils/db.server";
import { loggerFor } from "~/utils/logger.server";
import { getRealtime } from "./realtime.server";

const log = loggerFor("realtime");

export type PresenceIntent = "drag-start" | "heartbeat" | "drag-end";

/**
 * Whether the card is one of this organization's board leads. Every presence
 * message reaches every teammate's stream, so ids that are not (another
 * organization's lead, made-up ids) are refused before anything is published.
 */
async function isBoardLead(organizationId: string, leadId: string) {
  const rows = await withOrganization(organizationId, (db) =>
    db.execute(`select 1 from leads where organization_id = ? and id = ? and status <> 'archived'`, [organizationId, leadId]),
  );
  return rows.length > 0;
}

/**
 * A drag soft lock. `drag-start` claims the card (and `heartbeat` renews the
 * claim while the drag lasts); a claim on a card someone else holds is
 * refused with who holds it. The lock lapses a few seconds after the last
 * renewal, so a vanished browser never keeps a card.
 */
export async function updatePresence(member: MemberContext, input: { intent: PresenceIntent; leadId: string }) {
  const hub = getRealtime();
  const { organization, user } = member;
  if (!(await isBoardLead(organization.id, input.leadId))) return { ok: false as const, error: "not-found" as const };
  try {
    if (input.intent === "drag-end") {
      await hub.releaseCard(organization.id, user.id, input.leadId);
      return { ok: true as const };
    }
    const claim = await hub.claimCard(organization.id, { id: user.id, fullName: user.fullName }, input.leadId);
    if (claim.granted) return { ok: true as const };
    return {
      ok: false as const,
      error: "locked" as const,
      lockedBy: { id: claim.holder.userId, fullName: claim.holder.fullName },
    };
  } catch (error) {
    // The bus is down or did not answer in time: locks are a courtesy, the move's version check still protects the data.
    if (!(error instanceof Error)) throw error;
    log.error({ err: error }, "presence update failed");
    return { ok: false as const, error: "unavailable" as const };
  }
}
