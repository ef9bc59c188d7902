import { Migration } from '@mikro-orm/migrations';

export class Migration20261122020826_realtime_events extends Migration {

  override name = 'Migration20261122020826_realtime_events';

  override up(): void | Promise<void> {
    this.addSql(`create table "realtime_events" ("organization_id" uuid not null, "event_id" bigint not null, "type" varchar(40) not null, "data" jsonb not null, "created_at" timestamptz not null, primary key ("organization_id", "event_id"));`);
    this.addSql(`create index "realtime_events_created_at_index" on "realtime_events" ("created_at");`);

    this.addSql(`create table "realtime_sequences" ("organization_id" uuid not null, "last_event_id" bigint not null default '0', primary key ("organization_id"));`);

    this.addSql(`alter table "realtime_events" add constraint "realtime_events_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "realtime_events" enable row level security;`);
    this.addSql(`alter table "realtime_events" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "realtime_events" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);

    this.addSql(`alter table "realtime_sequences" add constraint "realtime_sequences_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "realtime_sequences" enable row level security;`);
    this.addSql(`alter table "realtime_sequences" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "realtime_sequences" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "realtime_events" cascade;`);
    this.addSql(`drop table if exists "realtime_sequences" cascade;`);

  }

}
