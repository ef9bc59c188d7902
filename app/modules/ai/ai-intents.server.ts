import { z } from "zod";
import { SUGGESTION_FIELDS } from "~/lib/ai";
import { versionField } from "~/modules/leads/lead-fields.server";

/** Taking one suggestion of a summary onto the lead, with the lead's version the person saw. */
export const acceptSuggestionSchema = z.object({
  summaryId: z.uuid(),
  field: z.enum(SUGGESTION_FIELDS),
  version: versionField,
});
