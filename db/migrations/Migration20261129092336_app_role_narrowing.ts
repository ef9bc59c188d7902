import { Migration } from '@mikro-orm/migrations';

/**
 * The lookups that must cross users, sessions or organizations without the
 * signed-in user's context. Each runs as the schema owner (SECURITY DEFINER,
 * let through by the `schema_owner_functions` policies), takes an exact key,
 * returns at most what its caller needs, and is executable by the app role
 * only (granted in db/migrate.ts). See docs/decisions/007-app-role-narrowing.md.
 */
const DEFINER = `security definer set search_path = pg_catalog, pg_temp`;

const APP_ROLE_FUNCTIONS = [
  'find_login_user(text)',
  'find_user_session(text)',
  'renew_user_session(text, interval)',
  'delete_user_session(text)',
  'purge_expired_user_sessions()',
  'taken_organization_slugs(text[])',
  'list_organization_ids()',
  'find_invite_by_token_hash(text)',
  'find_user_names(uuid[])',
];

const FUNCTIONS_UP = [
  // Login: one active account by its exact e-mail, with the hash argon2 verifies.
  `create function find_login_user(p_email text)
     returns table (id uuid, email varchar, full_name varchar, password_hash varchar)
     language sql stable ${DEFINER} as $$
       select u.id, u.email, u.full_name, u.password_hash from public.users u where u.email = p_email and u.is_active
     $$`,
  // The per-request guard: a session and its active user (null when inactive) in one round trip.
  `create function find_user_session(p_token_hash text)
     returns table (session_id uuid, expires_at timestamptz, last_activity_at timestamptz, user_id uuid, email varchar, full_name varchar, locale text)
     language sql stable ${DEFINER} as $$
       select s.id, s.expires_at, s.last_activity_at, u.id, u.email, u.full_name, u.locale
         from public.user_sessions s left join public.users u on u.id = s.user_id and u.is_active
        where s.token_hash = p_token_hash
     $$`,
  `create function renew_user_session(p_token_hash text, p_ttl interval) returns void
     language sql volatile ${DEFINER} as $$
       update public.user_sessions set last_activity_at = now(), expires_at = now() + p_ttl where token_hash = p_token_hash
     $$`,
  `create function delete_user_session(p_token_hash text) returns void
     language sql volatile ${DEFINER} as $$
       delete from public.user_sessions where token_hash = p_token_hash
     $$`,
  // The hourly cleanup (worker): expired sessions of everyone.
  `create function purge_expired_user_sessions() returns integer
     language sql volatile ${DEFINER} as $$
       with gone as (delete from public.user_sessions where expires_at <= now() returning 1) select count(*)::int from gone
     $$`,
  // Which of a few candidate slugs are taken (sign-up and new organizations); at most 16 per call.
  `create function taken_organization_slugs(p_slugs text[]) returns setof text
     language sql stable ${DEFINER} as $$
       select o.slug::text from public.organizations o where o.slug = any(p_slugs[1:16]) order by o.slug
     $$`,
  // Maintenance fan-out (worker cron): ids only, each then handled inside its own organization's scope.
  `create function list_organization_ids() returns setof uuid
     language sql stable ${DEFINER} as $$
       select o.id from public.organizations o order by o.id
     $$`,
  // The invitation page: one invitation by its exact token hash, through the existing token policy.
  `create function find_invite_by_token_hash(p_token_hash text)
     returns table (status text, email varchar, role text, expires_at timestamptz, organization_name varchar,
                    organization_slug varchar, inviter_name varchar, has_account boolean)
     language plpgsql volatile ${DEFINER} as $$
     begin
       perform set_config('app.invite_token_hash', coalesce(p_token_hash, ''), true);
       return query
         select i.status, i.email, i.role, i.expires_at, o.name, o.slug, inviter.full_name,
                exists (select 1 from public.users u where u.email = i.email)
           from public.organization_invites i
           join public.organizations o on o.id = i.organization_id
           left join public.users inviter on inviter.id = i.invited_by_id
          where i.token_hash = p_token_hash;
     end
     $$`,
  // Names (only) of people an organization's rows point at who may have left it since (assignees, authors).
  `create function find_user_names(p_ids uuid[]) returns table (id uuid, full_name varchar)
     language sql stable ${DEFINER} as $$
       select u.id, u.full_name from public.users u where u.id = any(p_ids[1:1000])
     $$`,
];

export class Migration20261129092336_app_role_narrowing extends Migration {

  override name = 'Migration20261129092336_app_role_narrowing';

  override up(): void | Promise<void> {
    this.addSql(`alter table "organizations" enable row level security;`);
    this.addSql(`alter table "organizations" force row level security;`);
    this.addSql(`create policy "current_organization" on "organizations" using (id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
    this.addSql(`create policy "organization_of_current_user" on "organizations" for select using (exists (select 1 from organization_members m where m.organization_id = organizations.id and m.user_id = nullif(current_setting('app.user_id', true), '')::uuid));`);
    this.addSql(`create policy "schema_owner_functions" on "organizations" using (current_user = (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = 'organizations'::regclass));`);

    this.addSql(`alter table "users" enable row level security;`);
    this.addSql(`alter table "users" force row level security;`);
    this.addSql(`create policy "user_sees_self" on "users" using (id = nullif(current_setting('app.user_id', true), '')::uuid) with check (id = nullif(current_setting('app.user_id', true), '')::uuid);`);
    this.addSql(`create policy "user_sees_organization_members" on "users" for select using (exists (select 1 from organization_members m where m.user_id = users.id and m.organization_id = nullif(current_setting('app.organization_id', true), '')::uuid));`);
    this.addSql(`create policy "schema_owner_functions" on "users" using (current_user = (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = 'users'::regclass));`);

    this.addSql(`alter table "user_sessions" enable row level security;`);
    this.addSql(`alter table "user_sessions" force row level security;`);
    this.addSql(`create policy "session_of_current_user" on "user_sessions" using (user_id = nullif(current_setting('app.user_id', true), '')::uuid) with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);`);
    this.addSql(`create policy "schema_owner_functions" on "user_sessions" using (current_user = (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = 'user_sessions'::regclass));`);

    for (const sql of FUNCTIONS_UP) this.addSql(`${sql};`);
    for (const fn of APP_ROLE_FUNCTIONS) this.addSql(`revoke all on function ${fn} from public;`);
  }

  override down(): void | Promise<void> {
    for (const fn of APP_ROLE_FUNCTIONS) this.addSql(`drop function ${fn};`);
    this.addSql(`drop policy "current_organization" on "organizations";`);
    this.addSql(`drop policy "organization_of_current_user" on "organizations";`);
    this.addSql(`drop policy "schema_owner_functions" on "organizations";`);

    this.addSql(`drop policy "session_of_current_user" on "user_sessions";`);
    this.addSql(`drop policy "schema_owner_functions" on "user_sessions";`);

    this.addSql(`drop policy "user_sees_self" on "users";`);
    this.addSql(`drop policy "user_sees_organization_members" on "users";`);
    this.addSql(`drop policy "schema_owner_functions" on "users";`);

    this.addSql(`alter table "organizations" no force row level security;`);
    this.addSql(`alter table "organizations" disable row level security;`);

    this.addSql(`alter table "user_sessions" no force row level security;`);
    this.addSql(`alter table "user_sessions" disable row level security;`);

    this.addSql(`alter table "users" no force row level security;`);
    this.addSql(`alter table "users" disable row level security;`);
  }

}
