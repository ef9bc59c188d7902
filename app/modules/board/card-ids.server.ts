import { z } from "zod";

export const MAX_CARD_IDS = 200;

/** `?ids=a,b,c`: distinct card ids, at most MAX_CARD_IDS. */
export const cardIdsSchema = z
  .string()
  .transform((value) => [...new Set(value.split(",").map((id) => id.trim()).filter(Boolean))])
  .pipe(z.array(z.uuid()).max(MAX_CARD_IDS));
