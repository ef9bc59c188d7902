import { Migration } from "@mikro-orm/migrations";

/**
 * The hourly purge of expired export archives must reach deleted organizations
 * too: an archive is the one piece of personal data with a promised lifetime
 * (7 days), and a deleted organization's grace period is 30. The maintenance
 * walk (`list_organization_ids`) skips them, so the purge has its own: every
 * organization not yet purged, ids only.
 */
export class Migration20261130025300_export_purge_walk extends Migration {
  override name = "Migration20261130025300_export_purge_walk";

  override up(): void {
    this.addSql(`create function list_unpurged_organization_ids() returns setof uuid
      language sql stable security definer set search_path = pg_catalog, pg_temp as $$
        select o.id from public.organizations o order by o.id
      $$;`);
    this.addSql(`revoke all on function list_unpurged_organization_ids() from public;`);
  }

  override down(): void {
    this.addSql(`drop function list_unpurged_organization_ids();`);
  }
}
