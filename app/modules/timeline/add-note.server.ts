import { randomUUID } from "node:crypto";
import { Communication } from "@db/entities/communication";
import { Lead } from "@db/entities/lead";
import { withOrganization } from "~/utils/db.server";
import { scheduleLeadSummary } from "~/modules/ai/schedule-lead-summary.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import type { TimelineActor } from "./timeline-actor";

/**
 * A note on the lead's timeline, live for the team. A note is the team's
 * own writing, not contact with the lead: it leaves last contact alone.
 * Null when the lead is not in the organization.
 */
export async function addNote(actor: TimelineActor, input: { leadId: string; content: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const lead = await db.findOne(Lead, { id: input.leadId }, { fields: ["id"] });
    if (!lead) return null;
    const note = db.create(Communication, {
      id: randomUUID(),
      organization: actor.organizationId,
      lead: lead.id,
      author: actor.userId,
      channel: "note",
      direction: "internal",
      content: input.content,
      metadata: { kind: "note" },
      sentAt: new Date(),
    });
    await db.flush();
    await recordEvent(db, actor.organizationId, {
      type: "note.created",
      data: { noteId: note.id, leadId: lead.id, authorId: actor.userId },
      actor: { id: actor.userId, name: actor.userName },
    });
    await scheduleLeadSummary(db, actor.organizationId, lead.id);
    return { noteId: note.id };
  });
}
