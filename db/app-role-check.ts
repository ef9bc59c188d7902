import pg from "pg";
import type { Logger } from "pino";

/** The app role would slip past row-level security: the process must not start. */
export class UnsafeAppRoleError extends Error {}

/**
 * Row-level security binds the app role only if it is no superuser, has no
 * BYPASSRLS or CREATEROLE, cannot create objects in `public`, and owns none of the application's tables (directly or through a
 * role it belongs to, which also covers the `schema_owner_functions`
 * policies). Connects with `appUrl` itself, so it checks the role the process
 * will really use.
 */
export async function checkAppRole(appUrl: string) {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ role: string; superuser: boolean; bypassrls: boolean; createrole: boolean; createInPublic: boolean; owned: string[] }>(`
      select r.rolname as role, r.rolsuper as superuser, r.rolbypassrls as bypassrls, r.rolcreaterole as createrole,
             has_schema_privilege(current_user, 'public', 'CREATE') as "createInPublic",
             array(select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relkind in ('r', 'p')
                      and pg_has_role(current_user, c.relowner, 'member')
                    order by c.relname) as owned
        from pg_roles r where r.rolname = current_user`);
    const { role, superuser, bypassrls, createrole, createInPublic, owned } = rows[0];
    const fix = "connect DATABASE_URL as a login role that owns nothing and set DATABASE_OWNER_URL for the schema owner";
    if (superuser) throw new UnsafeAppRoleError(`DATABASE_URL connects as "${role}", a superuser, which bypasses row-level security: ${fix}`);
    if (bypassrls) throw new UnsafeAppRoleError(`DATABASE_URL connects as "${role}", which has BYPASSRLS: ${fix}`);
    if (owned.length) {
      const tables = owned.length > 3 ? `${owned.slice(0, 3).join(", ")} and ${owned.length - 3} more` : owned.join(", ");
      throw new UnsafeAppRoleError(`DATABASE_URL connects as "${role}", which owns tables (${tables}): ${fix}`);
    }
    // A role that can make roles can grant itself the owner's membership.
    if (createrole) throw new UnsafeAppRoleError(`DATABASE_URL connects as "${role}", which has CREATEROLE: ${fix}`);
    // Objects it could create in public (an operator, a function) would be resolved by the owner's queries.
    if (createInPublic) {
      throw new UnsafeAppRoleError(`DATABASE_URL connects as "${role}", which may create objects in schema public: revoke create on schema public from ${role} (and from public)`);
    }
  } finally {
    await client.end();
  }
}

/** For process entry points: one fatal log line and exit 1 instead of a stack trace. */
export async function refuseUnsafeAppRole(appUrl: string, log: Logger) {
  try {
    await checkAppRole(appUrl);
  } catch (error) {
    const reason = error instanceof UnsafeAppRoleError ? error.message : `cannot check the DATABASE_URL role (${String(error)})`;
    log.fatal(`refusing to start: ${reason}`);
    process.exit(1);
  }
}
