import { Migration } from '@mikro-orm/migrations';

/**
 * The lead timeline and the webhook inbox (issue 8): provider ids unique per
 * channel, a (sent_at, id) index for keyset pages, the lead's WhatsApp window
 * and unread count, the phone key inbound senders are matched by, and the
 * inbox every provider's deliveries are written to.
 */
export class Migration20261129170346_timeline_inbox extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create table "webhook_inbox" ("id" uuid not null, "organization_id" uuid not null, "provider" text not null, "connection_id" uuid null, "dedup_key" varchar(300) not null, "payload" jsonb not null, "received_at" timestamptz not null, "status" text not null default 'pending', "reason" text null, "attempts" int not null default 0, "last_error" text null, "processed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_inbox_organization_id_received_at_index" on "webhook_inbox" ("organization_id", "received_at");`);
    this.addSql(`alter table "webhook_inbox" add constraint "webhook_inbox_dedup_unique" unique ("organization_id", "provider", "dedup_key");`);

    this.addSql(`alter table "leads" add "last_inbound_at" timestamptz null, add "unread_count" int not null default 0, add "phone_key" varchar(20) null;`);
    // One key per person: digits only, and a Brazilian mobile (55, area code, 9, eight digits) without its
    // ninth digit, the form WhatsApp still reports for some older numbers.
    this.addSql(`create function phone_match_key(p_phone text) returns text
      language sql immutable parallel safe set search_path = pg_catalog as $$
        select case when d ~ '^55[1-9][0-9]9[0-9]{8}$' then substr(d, 1, 4) || substr(d, 6) else nullif(d, '') end
          from (select regexp_replace(coalesce(p_phone, ''), '[^0-9]', '', 'g') as d) digits
      $$;`);
    // Kept by the database so no writer of a phone can forget it; a plain column because row-level security
    // keeps a non-leakproof function of a column (an expression index) out of index conditions.
    this.addSql(`create or replace function "leads_leads_phone_key_fn"() returns trigger as \$\$ begin new.phone_key := phone_match_key(new.phone); return new; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "leads_phone_key" BEFORE INSERT OR UPDATE on "leads" for each ROW execute function "leads_leads_phone_key_fn"();`);
    this.addSql(`update leads set phone_key = phone_match_key(phone) where phone is not null;`);
    this.addSql(`create index "leads_phone_key_index" on "leads" ("organization_id", "phone_key");`);

    this.addSql(`drop index "communications_organization_id_lead_id_sent_at_index";`);
    this.addSql(`alter table "communications" add "edited_at" timestamptz null;`);
    this.addSql(`create index "communications_timeline_index" on "communications" ("organization_id", "lead_id", "sent_at" desc, "id" desc);`);
    this.addSql(`alter table "communications" add constraint "communications_external_id_unique" unique ("organization_id", "channel", "external_id");`);

    this.addSql(`alter table "webhook_inbox" add constraint "webhook_inbox_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "webhook_inbox" add constraint "webhook_inbox_provider_check" check ("provider" in ('whatsapp', 'twilio', 'stripe'));`);
    this.addSql(`alter table "webhook_inbox" add constraint "webhook_inbox_status_check" check ("status" in ('pending', 'processed', 'ignored', 'rejected', 'failed'));`);
    this.addSql(`alter table "webhook_inbox" enable row level security;`);
    this.addSql(`alter table "webhook_inbox" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "webhook_inbox" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "webhook_inbox" cascade;`);

    this.addSql(`drop index "communications_timeline_index";`);
    this.addSql(`alter table "communications" drop constraint "communications_external_id_unique";`);
    this.addSql(`alter table "communications" drop column "edited_at";`);
    this.addSql(`create index "communications_organization_id_lead_id_sent_at_index" on "communications" ("organization_id", "lead_id", "sent_at");`);

    this.addSql(`drop trigger if exists "leads_phone_key" on "leads";`);
    this.addSql(`drop function if exists "leads_leads_phone_key_fn"();`);
    this.addSql(`drop index "leads_phone_key_index";`);
    this.addSql(`alter table "leads" drop column "last_inbound_at", drop column "unread_count", drop column "phone_key";`);
    this.addSql(`drop function phone_match_key(text);`);
  }

}
