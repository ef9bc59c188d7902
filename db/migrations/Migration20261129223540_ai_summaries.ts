import { Migration } from '@mikro-orm/migrations';

export class Migration20261129223540_ai_summaries extends Migration {

  override name = 'Migration20261129223540_ai_summaries';

  override up(): void | Promise<void> {
    this.addSql(`create table "lead_visits" ("id" uuid not null, "organization_id" uuid not null, "lead_id" uuid not null, "user_id" uuid not null, "visited_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "lead_visits_organization_id_user_id_index" on "lead_visits" ("organization_id", "user_id");`);
    this.addSql(`alter table "lead_visits" add constraint "lead_visits_person_unique" unique ("lead_id", "user_id");`);

    this.addSql(`create table "ai_summaries" ("id" uuid not null, "organization_id" uuid not null, "lead_id" uuid not null, "provider" text not null, "model" varchar(80) not null, "status" text not null, "trigger" text not null, "requested_by_id" uuid null, "input_fingerprint" varchar(64) not null, "input_from" timestamptz null, "input_to" timestamptz null, "entry_count" int not null default 0, "output" jsonb null, "sentiment" text null, "suggested_stage_id" uuid null, "error" varchar(300) null, "input_tokens" int not null default 0, "output_tokens" int not null default 0, "cost_brl" numeric(12,6) null, "duration_ms" int not null default 0, "accepted" jsonb not null default '{}', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "ai_summaries_lead_index" on "ai_summaries" ("organization_id", "lead_id", "created_at" desc);`);
    this.addSql(`create unique index "ai_summaries_state_unique" on "ai_summaries" ("organization_id", "lead_id", "input_fingerprint") where "status" = 'succeeded';`);

    this.addSql(`create table "ai_usage" ("id" uuid not null, "organization_id" uuid not null, "kind" text not null, "model" varchar(80) not null, "summary_id" uuid null, "communication_id" uuid null, "input_tokens" int not null default 0, "output_tokens" int not null default 0, "audio_seconds" int null, "cost_brl" numeric(12,6) null, "succeeded" boolean not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "ai_usage_organization_id_created_at_index" on "ai_usage" ("organization_id", "created_at");`);

    this.addSql(`alter table "organizations" add "ai_enabled" boolean not null default false, add "ai_monthly_limit" int not null default 100;`);
    this.addSql(`alter table "organizations" add constraint "organizations_ai_monthly_limit_check" check (ai_monthly_limit >= 0 and ai_monthly_limit <= 100000);`);

    this.addSql(`alter table "leads" add "ai_sentiment" text null, add "ai_summary_at" timestamptz null, add "ai_pending_since" timestamptz null, add "ai_summarizing_until" timestamptz null;`);
    this.addSql(`alter table "leads" add constraint "leads_ai_sentiment_check" check ("ai_sentiment" in ('positive', 'neutral', 'negative'));`);

    this.addSql(`alter table "lead_visits" add constraint "lead_visits_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "lead_visits" add constraint "lead_visits_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on delete cascade;`);
    this.addSql(`alter table "lead_visits" add constraint "lead_visits_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "lead_visits" enable row level security;`);
    this.addSql(`alter table "lead_visits" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "lead_visits" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);

    this.addSql(`alter table "ai_summaries" add constraint "ai_summaries_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "ai_summaries" add constraint "ai_summaries_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on delete cascade;`);
    this.addSql(`alter table "ai_summaries" add constraint "ai_summaries_requested_by_id_foreign" foreign key ("requested_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "ai_summaries" add constraint "ai_summaries_suggested_stage_id_foreign" foreign key ("suggested_stage_id") references "pipeline_stages" ("id") on delete set null;`);
    this.addSql(`alter table "ai_summaries" add constraint "ai_summaries_provider_check" check ("provider" in ('openai', 'local'));`);
    this.addSql(`alter table "ai_summaries" add constraint "ai_summaries_status_check" check ("status" in ('succeeded', 'failed'));`);
    this.addSql(`alter table "ai_summaries" add constraint "ai_summaries_trigger_check" check ("trigger" in ('auto', 'manual'));`);
    this.addSql(`alter table "ai_summaries" add constraint "ai_summaries_sentiment_check" check ("sentiment" in ('positive', 'neutral', 'negative'));`);
    this.addSql(`alter table "ai_summaries" enable row level security;`);
    this.addSql(`alter table "ai_summaries" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "ai_summaries" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);

    this.addSql(`alter table "ai_usage" add constraint "ai_usage_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "ai_usage" add constraint "ai_usage_summary_id_foreign" foreign key ("summary_id") references "ai_summaries" ("id") on delete set null;`);
    this.addSql(`alter table "ai_usage" add constraint "ai_usage_communication_id_foreign" foreign key ("communication_id") references "communications" ("id") on delete set null;`);
    this.addSql(`alter table "ai_usage" add constraint "ai_usage_kind_check" check ("kind" in ('summary', 'transcription'));`);
    this.addSql(`alter table "ai_usage" enable row level security;`);
    this.addSql(`alter table "ai_usage" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "ai_usage" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "ai_usage" drop constraint "ai_usage_summary_id_foreign";`);

    this.addSql(`drop table if exists "lead_visits" cascade;`);
    this.addSql(`drop table if exists "ai_summaries" cascade;`);
    this.addSql(`drop table if exists "ai_usage" cascade;`);

    this.addSql(`alter table "leads" drop constraint "leads_ai_sentiment_check";`);
    this.addSql(`alter table "leads" drop column "ai_sentiment", drop column "ai_summary_at", drop column "ai_pending_since", drop column "ai_summarizing_until";`);

    this.addSql(`alter table "organizations" drop constraint "organizations_ai_monthly_limit_check";`);
    this.addSql(`alter table "organizations" drop column "ai_enabled", drop column "ai_monthly_limit";`);
  }

}
