import { Migration } from '@mikro-orm/migrations';

export class Migration20261130013341_privacy extends Migration {

  override name = 'Migration20261130013341_privacy';

  override up(): void | Promise<void> {
    this.addSql(`create table "retention_runs" ("id" uuid not null, "organization_id" uuid not null, "status" text not null default 'running', "trigger" text not null, "requested_by_id" uuid null, "as_of" timestamptz not null, "cutoffs" jsonb not null, "counts" jsonb not null default '{}', "error" text null, "started_at" timestamptz not null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "retention_runs_organization_id_started_at_index" on "retention_runs" ("organization_id", "started_at");`);

    this.addSql(`create table "privacy_requests" ("id" uuid not null, "organization_id" uuid not null, "kind" text not null, "status" text not null default 'received', "subject_phone_key" varchar(20) null, "subject_email" varchar(254) null, "subject_name" varchar(160) null, "lead_ids" text[] not null default '{}', "requester_contact" varchar(254) not null, "requested_by_id" uuid null, "progress" int not null default 0, "export_file_id" uuid null, "export_expires_at" timestamptz null, "error" text null, "received_at" timestamptz not null, "due_at" timestamptz not null, "completed_at" timestamptz null, "closed_by_id" uuid null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "privacy_requests_organization_id_received_at_index" on "privacy_requests" ("organization_id", "received_at");`);

    this.addSql(`alter table "organizations" add "deleted_at" timestamptz null, add "deleted_by" uuid null, add "purge_after" timestamptz null;`);

    this.addSql(`alter table "users" add "deleted_at" timestamptz null;`);

    this.addSql(`alter table "communications" add "redacted_at" timestamptz null;`);
    this.addSql(`create index "communications_retention_index" on "communications" ("organization_id", "sent_at", "id") where redacted_at is null;`);

    this.addSql(`create index "stored_files_organization_id_created_at_index" on "stored_files" ("organization_id", "created_at");`);

    this.addSql(`alter table "retention_runs" add constraint "retention_runs_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "retention_runs" add constraint "retention_runs_requested_by_id_foreign" foreign key ("requested_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "retention_runs" add constraint "retention_runs_status_check" check ("status" in ('running', 'succeeded', 'failed'));`);
    this.addSql(`alter table "retention_runs" add constraint "retention_runs_trigger_check" check ("trigger" in ('schedule', 'manual'));`);
    this.addSql(`alter table "retention_runs" enable row level security;`);
    this.addSql(`alter table "retention_runs" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "retention_runs" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);

    this.addSql(`alter table "privacy_requests" add constraint "privacy_requests_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "privacy_requests" add constraint "privacy_requests_requested_by_id_foreign" foreign key ("requested_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "privacy_requests" add constraint "privacy_requests_export_file_id_foreign" foreign key ("export_file_id") references "stored_files" ("id") on delete set null;`);
    this.addSql(`alter table "privacy_requests" add constraint "privacy_requests_closed_by_id_foreign" foreign key ("closed_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "privacy_requests" add constraint "privacy_requests_progress_check" check (progress >= 0 and progress <= 100);`);
    this.addSql(`alter table "privacy_requests" add constraint "privacy_requests_kind_check" check ("kind" in ('access', 'deletion', 'correction'));`);
    this.addSql(`alter table "privacy_requests" add constraint "privacy_requests_status_check" check ("status" in ('received', 'processing', 'done', 'failed'));`);
    this.addSql(`alter table "privacy_requests" enable row level security;`);
    this.addSql(`alter table "privacy_requests" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "privacy_requests" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "retention_runs" cascade;`);
    this.addSql(`drop table if exists "privacy_requests" cascade;`);

    this.addSql(`drop index "communications_retention_index";`);
    this.addSql(`alter table "communications" drop column "redacted_at";`);

    this.addSql(`alter table "organizations" drop column "deleted_at", drop column "deleted_by", drop column "purge_after";`);

    this.addSql(`drop index "stored_files_organization_id_created_at_index";`);

    this.addSql(`alter table "users" drop column "deleted_at";`);
  }

}
