import { z } from "zod";
import { leadFieldsSchema, versionField } from "~/modules/leads/lead-fields.server";

/** What the lead page posts: saving the form, deleting the lead, writing on its timeline, talking to the lead on WhatsApp, or calling them. */
export const leadIntentSchema = z.enum([
  "update",
  "delete",
  "add-note",
  "edit-note",
  "delete-note",
  "send-whatsapp",
  "send-template",
  "mark-read",
  "call",
  "call-outcome",
  "summarize",
  "accept-suggestion",
]);

/** Saving the lead form: the fields it sends and the version they were read at. */
export const leadUpdateSchema = leadFieldsSchema.extend({ version: versionField });
