import { Migration } from '@mikro-orm/migrations';

export class Migration20261130002950_retention_policies extends Migration {

  override name = 'Migration20261130002950_retention_policies';

  override up(): void | Promise<void> {
    this.addSql(`create table "retention_policies" ("id" uuid not null, "organization_id" uuid not null, "communications_days" int not null, "media_days" int not null, "ai_days" int not null, "inbox_days" int not null, "audit_days" int not null, "updated_by_id" uuid null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "retention_policies" add constraint "retention_policies_organization_id_unique" unique ("organization_id");`);

    this.addSql(`alter table "retention_policies" add constraint "retention_policies_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "retention_policies" add constraint "retention_policies_updated_by_id_foreign" foreign key ("updated_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "retention_policies" add constraint "retention_policies_communications_days_check" check (communications_days >= 30);`);
    this.addSql(`alter table "retention_policies" add constraint "retention_policies_media_days_check" check (media_days >= 30);`);
    this.addSql(`alter table "retention_policies" add constraint "retention_policies_ai_days_check" check (ai_days >= 30);`);
    this.addSql(`alter table "retention_policies" add constraint "retention_policies_inbox_days_check" check (inbox_days >= 7);`);
    this.addSql(`alter table "retention_policies" add constraint "retention_policies_audit_days_check" check (audit_days >= 30);`);
    this.addSql(`alter table "retention_policies" enable row level security;`);
    this.addSql(`alter table "retention_policies" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "retention_policies" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "retention_policies" cascade;`);
  }

}
