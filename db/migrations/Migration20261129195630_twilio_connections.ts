import { Migration } from '@mikro-orm/migrations';

/**
 * Twilio connections under forced row-level security. `find_twilio_connection`
 * is the webhook routes' one way to a connection before they know the
 * organization: by the exact key from the URL, through the
 * `connection_visible_by_key` read policy, returning only what the signature
 * and account checks need (like `find_whatsapp_connection`). Granted in db/migrate.ts.
 */
export class Migration20261129195630_twilio_connections extends Migration {

  override name = 'Migration20261129195630_twilio_connections';

  override up(): void | Promise<void> {
    this.addSql(`create table "twilio_connections" ("id" uuid not null, "organization_id" uuid not null, "connection_key" varchar(64) not null, "name" varchar(80) not null, "account_sid" varchar(34) not null, "auth_token" text not null, "phone_numbers" jsonb not null default '[]', "record_calls" boolean not null default true, "demo" boolean not null default false, "created_by_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "twilio_connections" add constraint "twilio_connections_connection_key_unique" unique ("connection_key");`);
    this.addSql(`alter table "twilio_connections" add constraint "twilio_connections_organization_id_account_sid_unique" unique ("organization_id", "account_sid");`);

    this.addSql(`alter table "twilio_connections" add constraint "twilio_connections_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "twilio_connections" add constraint "twilio_connections_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "twilio_connections" enable row level security;`);
    this.addSql(`alter table "twilio_connections" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "twilio_connections" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
    this.addSql(`create policy "connection_visible_by_key" on "twilio_connections" for select using (connection_key = nullif(current_setting('app.twilio_connection_key', true), ''));`);

    this.addSql(`create function find_twilio_connection(p_key text)
      returns table (id uuid, organization_id uuid, account_sid text, auth_token text)
      language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
      declare
        caller_key text := current_setting('app.twilio_connection_key', true);
      begin
        perform set_config('app.twilio_connection_key', coalesce(p_key, ''), true);
        return query
          select c.id, c.organization_id, c.account_sid::text, c.auth_token
            from public.twilio_connections c
           where c.connection_key = p_key;
        perform set_config('app.twilio_connection_key', coalesce(caller_key, ''), true);
      end
      $$;`);
    this.addSql(`revoke all on function find_twilio_connection(text) from public;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function find_twilio_connection(text);`);
    this.addSql(`drop table "twilio_connections";`);
  }

}
