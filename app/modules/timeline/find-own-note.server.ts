import { LockMode } from "@mikro-orm/core";
import { Communication } from "@db/entities/communication";
import { message } from "~/i18n/catalogue";
import { NOTE_EDIT_WINDOW_MS } from "~/lib/timeline";
import type { Db } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import type { TimelineActor } from "./timeline-actor";

/**
 * The note the actor may still change: theirs, on this lead, written less
 * than 15 minutes ago. Locked for the change. Null when there is no such
 * note on the lead; refused when it is someone else's or too old.
 */
export async function findOwnNote(db: Db, actor: TimelineActor, input: { leadId: string; noteId: string }) {
  const note = await db.findOne(
    Communication,
    { id: input.noteId, lead: input.leadId, channel: "note" },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  // An emptied note (retention, a deletion request) is gone as far as its author is concerned.
  if (!note || note.redactedAt) return null;
  if (note.author !== actor.userId) throw new DomainRefusal(message("timeline.note.notAuthor"), { status: 403 });
  if (Date.now() - note.createdAt.getTime() >= NOTE_EDIT_WINDOW_MS) {
    throw new DomainRefusal(message("timeline.note.tooOld"), { status: 409 });
  }
  return note;
}
