import { Migration } from '@mikro-orm/migrations';

export class Migration20261122022537_board_ordering extends Migration {

  override name = 'Migration20261122022537_board_ordering';

  override up(): void | Promise<void> {
    this.addSql(`drop index "leads_organization_id_stage_id_position_index";`);
    this.addSql(`alter table "leads" alter column "position" type varchar(255) collate "C" using ("position"::varchar(255));`);
    this.addSql(`create index "leads_board_totals_index" on "leads" ("organization_id", "stage_id") include ("estimated_value", "tags") where status <> 'archived';`);
    this.addSql(`create index "leads_board_sources_index" on "leads" ("organization_id", "source") where status <> 'archived';`);
    this.addSql(`alter table "leads" add constraint "leads_organization_id_stage_id_position_unique" unique ("organization_id", "stage_id", "position");`);

    this.addSql(`alter table "lead_activities" drop constraint "lead_activities_activity_type_check";`);
    this.addSql(`alter table "lead_activities" add constraint "lead_activities_activity_type_check" check ("activity_type" in ('created', 'updated', 'stage_changed', 'reordered', 'assigned', 'note_added', 'status_changed'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "lead_activities" drop constraint "lead_activities_activity_type_check";`);
    this.addSql(`alter table "lead_activities" add constraint "lead_activities_activity_type_check" check ("activity_type" in ('created', 'updated', 'stage_changed', 'assigned', 'note_added', 'status_changed'));`);

    this.addSql(`drop index "leads_board_totals_index";`);
    this.addSql(`drop index "leads_board_sources_index";`);
    this.addSql(`alter table "leads" drop constraint "leads_organization_id_stage_id_position_unique";`);
    this.addSql(`alter table "leads" alter column "position" type varchar(64) collate "C" using ("position"::varchar(64));`);
    this.addSql(`CREATE INDEX leads_organization_id_stage_id_position_index ON public.leads USING btree (organization_id, stage_id, "position");`);
  }

}
