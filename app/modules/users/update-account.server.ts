import { User } from "@db/entities/user";
import { withUser } from "~/utils/db.server";
import type { AccountInput } from "./account-schema.server";

/**
 * Saves a person's own name, language, time zone and calling phone, as them:
 * row-level security (`user_sees_self`) lets the statement reach their row
 * only. A personal preference like the language switch: no audit entry, no
 * event. False when the row is gone (a deactivated or deleted account).
 */
export async function updateAccount(userId: string, input: AccountInput): Promise<boolean> {
  const updated = await withUser(userId, (db) =>
    db.nativeUpdate(
      User,
      { id: userId },
      { fullName: input.fullName, locale: input.locale, timeZone: input.timeZone, phone: input.phone, updatedAt: new Date() },
    ),
  );
  return updated > 0;
}
