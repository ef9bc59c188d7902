import { executeWithoutTenant } from "~/utils/db.server";

/**
 * The active account signing in with this (normalised) e-mail, with its
 * password hash. The app role cannot read users.password_hash: the definer
 * function answers for one exact e-mail only.
 */
export async function findLoginUser(email: string) {
  const [user] = await executeWithoutTenant<{ id: string; email: string; fullName: string; passwordHash: string }>(
    `select id, email, full_name as "fullName", password_hash as "passwordHash" from find_login_user(?)`,
    [email],
  );
  return user ?? null;
}
