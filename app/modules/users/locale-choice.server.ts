import { z } from "zod";
import { LOCALES } from "~/i18n/locales";

/** The language switch's post: a supported locale and where to go back to. */
export const localeChoiceSchema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });
