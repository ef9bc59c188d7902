import { withoutTenant } from "~/utils/db.server";

/** True when PostgreSQL answers within two seconds. */
export async function checkDatabase() {
  try {
    const probe = withoutTenant((db) => db.execute("select 1"));
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref());
    await Promise.race([probe, timeout]);
    return true;
  } catch {
    return false;
  }
}
