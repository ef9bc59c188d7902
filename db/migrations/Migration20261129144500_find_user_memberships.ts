import { Migration } from '@mikro-orm/migrations';

/**
 * Every organization a user belongs to, with their role: the per-request guard
 * under /o/:slug and the organization switcher, in one round trip and without a
 * transaction to carry `app.user_id`. It reads through the existing
 * `member_sees_own_memberships` policy (scoped to the given user here) rather
 * than a schema-owner policy on a tenant table, so it cannot see anyone else's
 * memberships; the caller's `app.user_id` is put back because, inside a
 * transaction, a transaction-local setting would outlive the call. Granted in
 * db/migrate.ts; see docs/decisions/007-app-role-narrowing.md.
 */
export class Migration20261129144500_find_user_memberships extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create function find_user_memberships(p_user_id uuid)
      returns table (id uuid, name varchar, slug varchar, currency varchar, time_zone varchar, locale text, role text)
      language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
      declare
        caller_user_id text := current_setting('app.user_id', true);
      begin
        perform set_config('app.user_id', coalesce(p_user_id::text, ''), true);
        return query
          select o.id, o.name, o.slug, o.currency, o.time_zone, o.locale, m.role
            from public.organization_members m join public.organizations o on o.id = m.organization_id
           where m.user_id = p_user_id
           order by o.name, o.id;
        perform set_config('app.user_id', coalesce(caller_user_id, ''), true);
      end
      $$;`);
    this.addSql(`revoke all on function find_user_memberships(uuid) from public;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function find_user_memberships(uuid);`);
  }

}
