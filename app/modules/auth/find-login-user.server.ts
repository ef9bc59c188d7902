import { User } from "@db/entities/user";
import { withoutTenant } from "~/utils/db.server";

/** The active account signing in with this (normalised) e-mail, with its password hash. */
export async function findLoginUser(email: string) {
  return withoutTenant(async (db) => {
    const user = await db.findOne(User, { email, isActive: true });
    return user ? { id: user.id, email: user.email, fullName: user.fullName, passwordHash: user.passwordHash } : null;
  });
}
