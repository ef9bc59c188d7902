import { withOrganization } from "~/utils/db.server";
import { scheduleLeadSummary } from "~/modules/ai/schedule-lead-summary.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { findOwnNote } from "./find-own-note.server";
import type { TimelineActor } from "./timeline-actor";

/** Deletes a note: its author only, within 15 minutes of writing it. Null when the note is not on the lead. */
export async function deleteNote(actor: TimelineActor, input: { leadId: string; noteId: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const note = await findOwnNote(db, actor, input);
    if (!note) return null;
    db.remove(note);
    await db.flush();
    await recordEvent(db, actor.organizationId, {
      type: "note.deleted",
      data: { noteId: note.id, leadId: input.leadId, authorId: actor.userId },
      actor: { id: actor.userId, name: actor.userName },
    });
    await scheduleLeadSummary(db, actor.organizationId, input.leadId);
    return { noteId: note.id };
  });
}
