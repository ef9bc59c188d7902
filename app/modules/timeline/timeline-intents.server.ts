import { z } from "zod";
import { NOTE_MAX_LENGTH } from "~/lib/timeline";

// PostgreSQL refuses NUL in text: refused here it is a 400, not a 500.
const noteContent = z
  .string()
  .trim()
  .min(1, "timeline.note.required")
  .max(NOTE_MAX_LENGTH, "timeline.note.max")
  .refine((value) => !value.includes("\0"), "errors.invalidText");

export const addNoteSchema = z.object({ content: noteContent });
export const editNoteSchema = z.object({ noteId: z.uuid("timeline.note.unknown"), content: noteContent });
export const deleteNoteSchema = z.object({ noteId: z.uuid("timeline.note.unknown") });
