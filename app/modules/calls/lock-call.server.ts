import { isCallStatus, type CallStatus } from "~/lib/calls";
import type { Db } from "~/utils/db.server";
import { readEntryMetadata, type CallMetadata } from "~/modules/timeline/entry-metadata.server";

export interface LockedCall {
  id: string;
  leadId: string;
  direction: "inbound" | "outbound";
  status: CallStatus;
  authorId: string | null;
  externalId: string | null;
  call: CallMetadata;
  /** The lead's assignee now: whose toast a missed call is. */
  assigneeId: string | null;
}

/**
 * A call of the organization, row-locked for the rest of the transaction so
 * two callbacks about it apply one after the other. Null when the id names no
 * call of this organization (another's, a note, a deleted lead's).
 */
export async function lockCall(db: Db, organizationId: string, callId: string): Promise<LockedCall | null> {
  const [row] = await db.execute<
    { id: string; lead_id: string; direction: string; status: string | null; author_id: string | null; external_id: string | null; metadata: unknown; assignee_id: string | null }[]
  >(
    `select c.id, c.lead_id, c.direction, c.status, c.author_id, c.external_id, c.metadata, l.assignee_id
       from communications c join leads l on l.id = c.lead_id and l.organization_id = c.organization_id
      where c.organization_id = ? and c.id = ? and c.channel = 'phone'
      for update of c`,
    [organizationId, callId],
  );
  if (!row) return null;
  const { call } = readEntryMetadata(row.metadata, "call");
  if (!call) return null;
  return {
    id: row.id,
    leadId: row.lead_id,
    direction: row.direction === "inbound" ? "inbound" : "outbound",
    status: row.status && isCallStatus(row.status) ? row.status : "queued",
    authorId: row.author_id,
    externalId: row.external_id,
    call,
    assigneeId: row.assignee_id,
  };
}

/** The call a Twilio CallSid names (an inbound call's parent), locked the same way. */
export async function lockCallBySid(db: Db, organizationId: string, callSid: string): Promise<LockedCall | null> {
  const [row] = await db.execute<{ id: string }[]>(
    "select id from communications where organization_id = ? and channel = 'phone' and external_id = ?",
    [organizationId, callSid],
  );
  return row ? lockCall(db, organizationId, row.id) : null;
}
