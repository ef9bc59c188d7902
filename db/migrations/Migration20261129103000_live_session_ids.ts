import { Migration } from '@mikro-orm/migrations';

/**
 * The web process's stream sweep: which of its open streams' sessions may still
 * stream (not deleted, not expired, user active). Sessions are otherwise visible
 * only to their own user, and the sweep runs for every user at once; it gets ids
 * back for ids it already holds, nothing else. Granted in db/migrate.ts.
 */
export class Migration20261129103000_live_session_ids extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create function live_session_ids(p_session_ids uuid[]) returns setof uuid
      language sql stable security definer set search_path = pg_catalog, pg_temp as $$
        select s.id from public.user_sessions s join public.users u on u.id = s.user_id and u.is_active
         where s.id = any(p_session_ids) and s.expires_at > now()
      $$;`);
    this.addSql(`revoke all on function live_session_ids(uuid[]) from public;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function live_session_ids(uuid[]);`);
  }

}
