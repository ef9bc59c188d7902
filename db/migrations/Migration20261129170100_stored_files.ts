import { Migration } from '@mikro-orm/migrations';

/**
 * Files kept in S3 (WhatsApp media, call recordings, exports): one row per
 * object, under the organization's row-level security like every business table.
 */
export class Migration20261129170100_stored_files extends Migration {

  override name = 'Migration20261129170100_stored_files';

  override up(): void | Promise<void> {
    this.addSql(`create table "stored_files" ("id" uuid not null, "organization_id" uuid not null, "kind" text not null, "storage_key" varchar(255) not null, "content_type" varchar(255) not null, "size_bytes" bigint not null, "sha256" varchar(64) not null, "original_name" varchar(255) null, "communication_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "stored_files" add constraint "stored_files_storage_key_unique" unique ("storage_key");`);
    this.addSql(`create index "stored_files_organization_id_communication_id_index" on "stored_files" ("organization_id", "communication_id");`);

    this.addSql(`alter table "stored_files" add constraint "stored_files_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "stored_files" add constraint "stored_files_communication_id_foreign" foreign key ("communication_id") references "communications" ("id") on delete set null;`);
    this.addSql(`alter table "stored_files" add constraint "stored_files_kind_check" check ("kind" in ('whatsapp_media', 'call_recording', 'export'));`);
    this.addSql(`alter table "stored_files" enable row level security;`);
    this.addSql(`alter table "stored_files" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "stored_files" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "stored_files" cascade;`);
  }

}
