import { User } from "@db/entities/user";
import type { Locale } from "~/i18n/locales";
import { withUser } from "~/utils/db.server";

export interface Account {
  email: string;
  fullName: string;
  /** E.164, or null when they take no calls. */
  phone: string | null;
  /** Null: follow the browser. */
  locale: Locale | null;
  timeZone: string;
}

/** The signed-in person's own row, read as them (row-level security: `user_sees_self`). */
export async function getAccount(userId: string): Promise<Account | null> {
  const user = await withUser(userId, (db) =>
    db.findOne(User, { id: userId }, { fields: ["email", "fullName", "phone", "locale", "timeZone"] }),
  );
  if (!user) return null;
  return { email: user.email, fullName: user.fullName, phone: user.phone ?? null, locale: user.locale ?? null, timeZone: user.timeZone };
}
