import { Migration } from '@mikro-orm/migrations';

const DEFINER = `security definer set search_path = pg_catalog, pg_temp`;

/** The flag a deleted organization's deferred jobs carry (worker/define-task.ts): the public `jobs` view shows flags, not payloads. */
const FLAG = `'organization-deleted:' || p_organization_id::text`;

/**
 * The purge claims an organization (`purging_at`) before deleting anything,
 * so a restore racing it is refused; `deleted_at` and `purge_after` are set
 * and cleared together. A deleted organization's jobs are kept, deferred and
 * flagged, until a restore releases them or the purge completes them, both
 * through graphile-worker's public functions. The invitation lookup reports a
 * deleted organization. See docs/decisions/026-organization-deletion.md.
 */
export class Migration20261130030000_organization_purge_claim extends Migration {

  override name = 'Migration20261130030000_organization_purge_claim';

  override up(): void | Promise<void> {
    this.addSql(`alter table "organizations" add column "purging_at" timestamptz null;`);
    this.addSql(`alter table "organizations" add constraint "organizations_deletion_check" check ((deleted_at is null) = (purge_after is null));`);

    this.addSql(`create or replace function delete_organization_jobs(p_organization_id uuid) returns integer
      language sql volatile ${DEFINER} as $$
        select count(*)::int from graphile_worker.complete_jobs(array(
          select j.id from graphile_worker.jobs j
           where j.flags ? (${FLAG})
             and exists (select 1 from public.organizations o where o.id = p_organization_id and o.deleted_at is not null)))
      $$;`);

    // A restore's counterpart: the deferred jobs run now, in the restored organization.
    this.addSql(`create function release_organization_jobs(p_organization_id uuid) returns integer
      language sql volatile ${DEFINER} as $$
        select count(*)::int from graphile_worker.reschedule_jobs(array(
          select j.id from graphile_worker.jobs j
           where j.flags ? (${FLAG})
             and exists (select 1 from public.organizations o where o.id = p_organization_id and o.deleted_at is null)),
          run_at => now())
      $$;`);
    this.addSql(`revoke all on function release_organization_jobs(uuid) from public;`);

    this.addSql(`drop function find_invite_by_token_hash(text);`);
    this.addSql(`create function find_invite_by_token_hash(p_token_hash text)
      returns table (status text, email varchar, role text, expires_at timestamptz, organization_name varchar,
                     organization_slug varchar, inviter_name varchar, has_account boolean, organization_deleted_at timestamptz)
      language plpgsql volatile ${DEFINER} as $$
      begin
        perform set_config('app.invite_token_hash', coalesce(p_token_hash, ''), true);
        return query
          select i.status, i.email, i.role, i.expires_at, o.name, o.slug, inviter.full_name,
                 exists (select 1 from public.users u where u.email = i.email), o.deleted_at
            from public.organization_invites i
            join public.organizations o on o.id = i.organization_id
            left join public.users inviter on inviter.id = i.invited_by_id
           where i.token_hash = p_token_hash;
      end
      $$;`);
    this.addSql(`revoke all on function find_invite_by_token_hash(text) from public;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function find_invite_by_token_hash(text);`);
    this.addSql(`create function find_invite_by_token_hash(p_token_hash text)
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
      $$;`);
    this.addSql(`revoke all on function find_invite_by_token_hash(text) from public;`);
    this.addSql(`drop function release_organization_jobs(uuid);`);
    this.addSql(`create or replace function delete_organization_jobs(p_organization_id uuid) returns integer
      language sql volatile ${DEFINER} as $$
        with gone as (
          delete from graphile_worker._private_jobs j
           where j.locked_at is null
             and j.payload->>'organizationId' = p_organization_id::text
             and exists (select 1 from public.organizations o where o.id = p_organization_id and o.deleted_at is not null)
          returning 1)
        select count(*)::int from gone
      $$;`);
    this.addSql(`alter table "organizations" drop constraint "organizations_deletion_check";`);
    this.addSql(`alter table "organizations" drop column "purging_at";`);
  }

}
