import { z } from "zod";
import { leadFieldsSchema, versionField } from "~/modules/leads/lead-fields.server";

/** The lead id in the page's address; anything else is not found. */
export const leadIdSchema = z.uuid();

/** What the lead page posts: saving the form or deleting the lead. */
export const leadIntentSchema = z.enum(["update", "delete"]);

/** Saving the lead form: the fields it sends and the version they were read at. */
export const leadUpdateSchema = leadFieldsSchema.extend({ version: versionField });
