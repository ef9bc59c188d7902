import { User } from "@db/entities/user";
import type { Locale } from "~/i18n/locales";
import { withUser } from "~/utils/db.server";

/** A personal preference: no audit entry, no event. */
export async function saveUserLocale(userId: string, locale: Locale) {
  await withUser(userId, (db) => db.nativeUpdate(User, { id: userId }, { locale }));
}
