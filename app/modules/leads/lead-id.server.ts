import { z } from "zod";

/** The lead id in a page's address; anything else is not found. */
export const leadIdSchema = z.uuid();
