import { Migration } from '@mikro-orm/migrations';

const DEFINER = `security definer set search_path = pg_catalog, pg_temp`;

/**
 * A deleted organization stays in the database for its grace period but is
 * disabled: the membership lookup carries `deleted_at`/`purge_after` so the
 * guard can refuse it (and offer its owners a restore), the webhook lookups
 * carry it so its URLs answer 410 before any signature is checked, the
 * maintenance walk skips it, and only the purge lists it once its grace
 * period is over (the time comes from the caller, so tests move the clock).
 * Granted in db/migrate.ts; see docs/decisions/026-organization-deletion.md.
 */
export class Migration20261130020000_organization_deletion extends Migration {

  override name = 'Migration20261130020000_organization_deletion';

  override up(): void | Promise<void> {
    this.addSql(`drop function find_user_memberships(uuid);`);
    this.addSql(`create function find_user_memberships(p_user_id uuid)
      returns table (id uuid, name varchar, slug varchar, currency varchar, time_zone varchar, locale text, role text,
                     deleted_at timestamptz, purge_after timestamptz)
      language plpgsql stable ${DEFINER} as $$
      declare
        caller_user_id text := current_setting('app.user_id', true);
      begin
        perform set_config('app.user_id', coalesce(p_user_id::text, ''), true);
        return query
          select o.id, o.name, o.slug, o.currency, o.time_zone, o.locale, m.role, o.deleted_at, o.purge_after
            from public.organization_members m join public.organizations o on o.id = m.organization_id
           where m.user_id = p_user_id
           order by o.name, o.id;
        perform set_config('app.user_id', coalesce(caller_user_id, ''), true);
      end
      $$;`);
    this.addSql(`revoke all on function find_user_memberships(uuid) from public;`);

    this.addSql(`drop function find_whatsapp_connection(text);`);
    this.addSql(`create function find_whatsapp_connection(p_key text)
      returns table (id uuid, organization_id uuid, app_secret text, verify_token text, organization_deleted_at timestamptz)
      language plpgsql volatile ${DEFINER} as $$
      declare
        caller_key text := current_setting('app.whatsapp_connection_key', true);
      begin
        perform set_config('app.whatsapp_connection_key', coalesce(p_key, ''), true);
        return query
          select c.id, c.organization_id, c.app_secret, c.verify_token, o.deleted_at
            from public.whatsapp_connections c join public.organizations o on o.id = c.organization_id
           where c.connection_key = p_key;
        perform set_config('app.whatsapp_connection_key', coalesce(caller_key, ''), true);
      end
      $$;`);
    this.addSql(`revoke all on function find_whatsapp_connection(text) from public;`);

    this.addSql(`drop function find_twilio_connection(text);`);
    this.addSql(`create function find_twilio_connection(p_key text)
      returns table (id uuid, organization_id uuid, account_sid text, auth_token text, organization_deleted_at timestamptz)
      language plpgsql volatile ${DEFINER} as $$
      declare
        caller_key text := current_setting('app.twilio_connection_key', true);
      begin
        perform set_config('app.twilio_connection_key', coalesce(p_key, ''), true);
        return query
          select c.id, c.organization_id, c.account_sid::text, c.auth_token, o.deleted_at
            from public.twilio_connections c join public.organizations o on o.id = c.organization_id
           where c.connection_key = p_key;
        perform set_config('app.twilio_connection_key', coalesce(caller_key, ''), true);
      end
      $$;`);
    this.addSql(`revoke all on function find_twilio_connection(text) from public;`);

    this.addSql(`create or replace function list_organization_ids() returns setof uuid
      language sql stable ${DEFINER} as $$
        select o.id from public.organizations o where o.deleted_at is null order by o.id
      $$;`);

    // The purge's walk: deleted organizations whose grace period ended by p_now.
    this.addSql(`create function list_purgeable_organization_ids(p_now timestamptz) returns setof uuid
      language sql stable ${DEFINER} as $$
        select o.id from public.organizations o
         where o.deleted_at is not null and o.purge_after <= p_now
         order by o.purge_after, o.id
      $$;`);
    this.addSql(`revoke all on function list_purgeable_organization_ids(timestamptz) from public;`);

    // Jobs queued for an organization being purged (their payload names it); a job already running is left to finish (it finds nothing).
    this.addSql(`create function delete_organization_jobs(p_organization_id uuid) returns integer
      language sql volatile ${DEFINER} as $$
        with gone as (
          delete from graphile_worker._private_jobs j
           where j.locked_at is null
             and j.payload->>'organizationId' = p_organization_id::text
             and exists (select 1 from public.organizations o where o.id = p_organization_id and o.deleted_at is not null)
          returning 1)
        select count(*)::int from gone
      $$;`);
    this.addSql(`revoke all on function delete_organization_jobs(uuid) from public;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function find_user_memberships(uuid);`);
    this.addSql(`create function find_user_memberships(p_user_id uuid)
      returns table (id uuid, name varchar, slug varchar, currency varchar, time_zone varchar, locale text, role text)
      language plpgsql stable ${DEFINER} as $$
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
    this.addSql(`drop function find_whatsapp_connection(text);`);
    this.addSql(`create function find_whatsapp_connection(p_key text)
      returns table (id uuid, organization_id uuid, app_secret text, verify_token text)
      language plpgsql volatile ${DEFINER} as $$
      declare
        caller_key text := current_setting('app.whatsapp_connection_key', true);
      begin
        perform set_config('app.whatsapp_connection_key', coalesce(p_key, ''), true);
        return query
          select c.id, c.organization_id, c.app_secret, c.verify_token from public.whatsapp_connections c where c.connection_key = p_key;
        perform set_config('app.whatsapp_connection_key', coalesce(caller_key, ''), true);
      end
      $$;`);
    this.addSql(`revoke all on function find_whatsapp_connection(text) from public;`);
    this.addSql(`drop function find_twilio_connection(text);`);
    this.addSql(`create function find_twilio_connection(p_key text)
      returns table (id uuid, organization_id uuid, account_sid text, auth_token text)
      language plpgsql volatile ${DEFINER} as $$
      declare
        caller_key text := current_setting('app.twilio_connection_key', true);
      begin
        perform set_config('app.twilio_connection_key', coalesce(p_key, ''), true);
        return query
          select c.id, c.organization_id, c.account_sid::text, c.auth_token from public.twilio_connections c where c.connection_key = p_key;
        perform set_config('app.twilio_connection_key', coalesce(caller_key, ''), true);
      end
      $$;`);
    this.addSql(`revoke all on function find_twilio_connection(text) from public;`);
    this.addSql(`drop function delete_organization_jobs(uuid);`);
    this.addSql(`drop function list_purgeable_organization_ids(timestamptz);`);
    this.addSql(`create or replace function list_organization_ids() returns setof uuid
      language sql stable ${DEFINER} as $$
        select o.id from public.organizations o order by o.id
      $$;`);
  }

}
