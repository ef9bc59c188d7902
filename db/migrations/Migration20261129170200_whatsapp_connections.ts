import { Migration } from '@mikro-orm/migrations';

/**
 * WhatsApp connections (one Meta app + WABA each), their numbers and synced
 * templates, all under forced row-level security. `find_whatsapp_connection`
 * is the webhook route's one way to a connection before it knows the
 * organization: by the exact key from its URL, through the
 * `connection_visible_by_key` read policy (no schema-owner policy opens the
 * table), returning only what signature and verify-token checks need; the
 * caller's key setting is put back because, inside a transaction, a
 * transaction-local setting would outlive the call. Granted in db/migrate.ts.
 */
export class Migration20261129170200_whatsapp_connections extends Migration {

  override name = 'Migration20261129170200_whatsapp_connections';

  override up(): void | Promise<void> {
    this.addSql(`create table "whatsapp_connections" ("id" uuid not null, "organization_id" uuid not null, "connection_key" varchar(64) not null, "name" varchar(80) not null, "waba_id" varchar(32) not null, "app_secret" text not null, "verify_token" text not null, "access_token" text not null, "new_lead_assignment" text not null default 'unassigned', "last_assigned_user_id" uuid null, "demo" boolean not null default false, "templates_synced_at" timestamptz null, "templates_sync_requested_at" timestamptz null, "templates_sync_error" text null, "created_by_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "whatsapp_connections" add constraint "whatsapp_connections_connection_key_unique" unique ("connection_key");`);
    this.addSql(`alter table "whatsapp_connections" add constraint "whatsapp_connections_organization_id_waba_id_unique" unique ("organization_id", "waba_id");`);

    this.addSql(`create table "whatsapp_phone_numbers" ("id" uuid not null, "organization_id" uuid not null, "connection_id" uuid not null, "phone_number_id" varchar(32) not null, "display_phone_number" varchar(32) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "whatsapp_phone_numbers" add constraint "whatsapp_phone_numbers_connection_id_phone_number_id_unique" unique ("connection_id", "phone_number_id");`);

    this.addSql(`create table "whatsapp_templates" ("id" uuid not null, "organization_id" uuid not null, "connection_id" uuid not null, "name" varchar(512) not null, "language" varchar(32) not null, "status" varchar(64) not null, "category" varchar(64) not null, "components" jsonb not null, "variable_count" int not null default 0, "synced_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "whatsapp_templates" add constraint "whatsapp_templates_connection_id_name_language_unique" unique ("connection_id", "name", "language");`);

    this.addSql(`alter table "whatsapp_connections" add constraint "whatsapp_connections_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "whatsapp_connections" add constraint "whatsapp_connections_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "whatsapp_connections" add constraint "whatsapp_connections_new_lead_assignment_check" check ("new_lead_assignment" in ('unassigned', 'round_robin'));`);
    this.addSql(`alter table "whatsapp_connections" enable row level security;`);
    this.addSql(`alter table "whatsapp_connections" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "whatsapp_connections" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
    this.addSql(`create policy "connection_visible_by_key" on "whatsapp_connections" for select using (connection_key = nullif(current_setting('app.whatsapp_connection_key', true), ''));`);

    this.addSql(`alter table "whatsapp_phone_numbers" add constraint "whatsapp_phone_numbers_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "whatsapp_phone_numbers" add constraint "whatsapp_phone_numbers_connection_id_foreign" foreign key ("connection_id") references "whatsapp_connections" ("id") on delete cascade;`);
    this.addSql(`alter table "whatsapp_phone_numbers" enable row level security;`);
    this.addSql(`alter table "whatsapp_phone_numbers" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "whatsapp_phone_numbers" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);

    this.addSql(`alter table "whatsapp_templates" add constraint "whatsapp_templates_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "whatsapp_templates" add constraint "whatsapp_templates_connection_id_foreign" foreign key ("connection_id") references "whatsapp_connections" ("id") on delete cascade;`);
    this.addSql(`alter table "whatsapp_templates" enable row level security;`);
    this.addSql(`alter table "whatsapp_templates" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "whatsapp_templates" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);

    this.addSql(`create function find_whatsapp_connection(p_key text)
      returns table (id uuid, organization_id uuid, app_secret text, verify_token text)
      language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
      declare
        caller_key text := current_setting('app.whatsapp_connection_key', true);
      begin
        perform set_config('app.whatsapp_connection_key', coalesce(p_key, ''), true);
        return query
          select c.id, c.organization_id, c.app_secret, c.verify_token
            from public.whatsapp_connections c
           where c.connection_key = p_key;
        perform set_config('app.whatsapp_connection_key', coalesce(caller_key, ''), true);
      end
      $$;`);
    this.addSql(`revoke all on function find_whatsapp_connection(text) from public;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function find_whatsapp_connection(text);`);
    this.addSql(`drop table "whatsapp_templates";`);
    this.addSql(`drop table "whatsapp_phone_numbers";`);
    this.addSql(`drop table "whatsapp_connections";`);
  }

}
