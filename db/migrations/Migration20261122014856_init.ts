import { Migration } from '@mikro-orm/migrations';

export class Migration20261122014856_init extends Migration {

  override name = 'Migration20261122014856_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "login_failures" ("id" uuid not null, "email" varchar(254) not null, "ip_address" varchar(64) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "login_failures_email_created_at_index" on "login_failures" ("email", "created_at");`);
    this.addSql(`create index "login_failures_ip_address_created_at_index" on "login_failures" ("ip_address", "created_at");`);

    this.addSql(`create table "organizations" ("id" uuid not null, "name" varchar(120) not null, "slug" varchar(60) not null, "plan_tier" text not null default 'starter', "currency" varchar(3) not null default 'BRL', "time_zone" varchar(64) not null default 'America/Sao_Paulo', "locale" text not null default 'pt-BR', "settings" jsonb not null default '{}', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "organizations" add constraint "organizations_slug_unique" unique ("slug");`);
    this.addSql(`alter table "organizations" add constraint "organizations_plan_tier_check" check ("plan_tier" in ('starter', 'pro', 'enterprise'));`);
    this.addSql(`alter table "organizations" add constraint "organizations_locale_check" check ("locale" in ('pt-BR', 'en'));`);

    this.addSql(`create table "pipeline_stages" ("id" uuid not null, "organization_id" uuid not null, "name" varchar(60) not null, "position" int not null, "color" varchar(7) not null default '#6366f1', "stage_type" text not null default 'custom', "is_active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "pipeline_stages_organization_id_position_index" on "pipeline_stages" ("organization_id", "position");`);
    this.addSql(`alter table "pipeline_stages" add constraint "pipeline_stages_color_check" check (color ~ '^#[0-9a-fA-F]{6}\$');`);
    this.addSql(`alter table "pipeline_stages" add constraint "pipeline_stages_stage_type_check" check ("stage_type" in ('lead', 'contact', 'proposal', 'negotiation', 'closed', 'custom'));`);

    this.addSql(`create table "users" ("id" uuid not null, "email" varchar(254) not null, "password_hash" varchar(255) not null, "full_name" varchar(120) not null, "phone" varchar(20) null, "locale" text not null default 'pt-BR', "time_zone" varchar(64) not null default 'America/Sao_Paulo', "is_active" boolean not null default true, "email_verified" boolean not null default false, "last_login_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`alter table "users" add constraint "users_locale_check" check ("locale" in ('pt-BR', 'en'));`);

    this.addSql(`create table "organization_members" ("id" uuid not null, "organization_id" uuid not null, "user_id" uuid not null, "role" text not null default 'member', "joined_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "organization_members_user_id_index" on "organization_members" ("user_id");`);
    this.addSql(`alter table "organization_members" add constraint "organization_members_organization_id_user_id_unique" unique ("organization_id", "user_id");`);
    this.addSql(`alter table "organization_members" add constraint "organization_members_role_check" check ("role" in ('owner', 'admin', 'manager', 'member', 'viewer'));`);

    this.addSql(`create table "organization_invites" ("id" uuid not null, "organization_id" uuid not null, "invited_by_id" uuid null, "email" varchar(254) not null, "role" text not null, "status" text not null default 'pending', "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "sent_count" int not null default 0, "last_sent_at" timestamptz null, "accepted_at" timestamptz null, "accepted_by_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "organization_invites" add constraint "organization_invites_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "organization_invites_organization_id_status_index" on "organization_invites" ("organization_id", "status");`);
    this.addSql(`create index "organization_invites_email_index" on "organization_invites" ("email");`);
    this.addSql(`alter table "organization_invites" add constraint "organization_invites_role_check" check ("role" in ('owner', 'admin', 'manager', 'member', 'viewer'));`);
    this.addSql(`alter table "organization_invites" add constraint "organization_invites_status_check" check ("status" in ('pending', 'accepted', 'revoked'));`);

    this.addSql(`create table "leads" ("id" uuid not null, "organization_id" uuid not null, "full_name" varchar(160) not null, "email" varchar(254) null, "phone" varchar(20) null, "company" varchar(160) null, "job_title" varchar(120) null, "stage_id" uuid not null, "position" varchar(64) collate "C" not null, "assignee_id" uuid null, "source" varchar(40) null, "priority" text not null default 'medium', "tags" text[] not null default '{}', "estimated_value" numeric(14,2) null, "custom_fields" jsonb not null default '{}', "status" text not null default 'active', "notes" text null, "version" int not null default 1, "last_contact_at" timestamptz null, "last_contact_channel" text null, "created_by_id" uuid null, "closed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "leads_organization_id_stage_id_position_index" on "leads" ("organization_id", "stage_id", "position");`);
    this.addSql(`create index "leads_organization_id_assignee_id_index" on "leads" ("organization_id", "assignee_id");`);
    this.addSql(`create index "leads_organization_id_phone_index" on "leads" ("organization_id", "phone");`);
    this.addSql(`alter table "leads" add constraint "leads_estimated_value_check" check (estimated_value >= 0);`);
    this.addSql(`alter table "leads" add constraint "leads_priority_check" check ("priority" in ('low', 'medium', 'high', 'urgent'));`);
    this.addSql(`alter table "leads" add constraint "leads_status_check" check ("status" in ('active', 'won', 'lost', 'archived'));`);
    this.addSql(`alter table "leads" add constraint "leads_last_contact_channel_check" check ("last_contact_channel" in ('note', 'whatsapp', 'phone', 'email', 'meeting', 'sms'));`);

    this.addSql(`create table "lead_activities" ("id" uuid not null, "organization_id" uuid not null, "lead_id" uuid not null, "actor_id" uuid null, "activity_type" text not null, "title" varchar(255) not null, "metadata" jsonb not null default '{}', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "lead_activities_organization_id_lead_id_created_at_index" on "lead_activities" ("organization_id", "lead_id", "created_at");`);
    this.addSql(`alter table "lead_activities" add constraint "lead_activities_activity_type_check" check ("activity_type" in ('created', 'updated', 'stage_changed', 'assigned', 'note_added', 'status_changed'));`);

    this.addSql(`create table "communications" ("id" uuid not null, "organization_id" uuid not null, "lead_id" uuid not null, "author_id" uuid null, "channel" text not null, "direction" text not null, "subject" varchar(500) null, "content" text not null, "metadata" jsonb not null default '{}', "external_id" varchar(255) null, "status" varchar(20) null, "sent_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "communications_organization_id_lead_id_sent_at_index" on "communications" ("organization_id", "lead_id", "sent_at");`);
    this.addSql(`alter table "communications" add constraint "communications_channel_check" check ("channel" in ('note', 'whatsapp', 'phone', 'email', 'meeting', 'sms'));`);
    this.addSql(`alter table "communications" add constraint "communications_direction_check" check ("direction" in ('inbound', 'outbound', 'internal'));`);

    this.addSql(`create table "audit_logs" ("id" uuid not null, "organization_id" uuid not null, "actor_id" uuid null, "action" varchar(100) not null, "resource_type" varchar(60) not null, "resource_id" uuid null, "changes" jsonb not null default '{}', "ip_address" varchar(64) null, "user_agent" text null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "audit_logs_organization_id_created_at_index" on "audit_logs" ("organization_id", "created_at");`);
    this.addSql(`create index "audit_logs_resource_type_resource_id_index" on "audit_logs" ("resource_type", "resource_id");`);

    this.addSql(`create table "user_sessions" ("id" uuid not null, "token_hash" varchar(64) not null, "user_id" uuid not null, "ip_address" varchar(64) null, "user_agent" text null, "expires_at" timestamptz not null, "last_activity_at" timestamptz not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "user_sessions" add constraint "user_sessions_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "user_sessions_expires_at_index" on "user_sessions" ("expires_at");`);
    this.addSql(`create index "user_sessions_user_id_index" on "user_sessions" ("user_id");`);

    this.addSql(`alter table "pipeline_stages" add constraint "pipeline_stages_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "organization_members" add constraint "organization_members_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "organization_members" add constraint "organization_members_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "organization_invites" add constraint "organization_invites_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "organization_invites" add constraint "organization_invites_invited_by_id_foreign" foreign key ("invited_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "organization_invites" add constraint "organization_invites_accepted_by_id_foreign" foreign key ("accepted_by_id") references "users" ("id") on delete set null;`);

    this.addSql(`alter table "leads" add constraint "leads_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "leads" add constraint "leads_stage_id_foreign" foreign key ("stage_id") references "pipeline_stages" ("id");`);
    this.addSql(`alter table "leads" add constraint "leads_assignee_id_foreign" foreign key ("assignee_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "leads" add constraint "leads_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`);

    this.addSql(`alter table "lead_activities" add constraint "lead_activities_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "lead_activities" add constraint "lead_activities_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on delete cascade;`);
    this.addSql(`alter table "lead_activities" add constraint "lead_activities_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on delete set null;`);

    this.addSql(`alter table "communications" add constraint "communications_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "communications" add constraint "communications_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on delete cascade;`);
    this.addSql(`alter table "communications" add constraint "communications_author_id_foreign" foreign key ("author_id") references "users" ("id") on delete set null;`);

    this.addSql(`alter table "audit_logs" add constraint "audit_logs_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "audit_logs" add constraint "audit_logs_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on delete set null;`);

    this.addSql(`alter table "user_sessions" add constraint "user_sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "pipeline_stages" enable row level security;`);
    this.addSql(`alter table "pipeline_stages" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "pipeline_stages" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
    this.addSql(`alter table "organization_members" enable row level security;`);
    this.addSql(`alter table "organization_members" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "organization_members" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
    this.addSql(`create policy "member_sees_own_memberships" on "organization_members" for select using (user_id = nullif(current_setting('app.user_id', true), '')::uuid);`);
    this.addSql(`alter table "organization_invites" enable row level security;`);
    this.addSql(`alter table "organization_invites" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "organization_invites" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
    this.addSql(`create policy "invite_visible_by_token" on "organization_invites" for select using (token_hash = nullif(current_setting('app.invite_token_hash', true), ''));`);
    this.addSql(`alter table "leads" enable row level security;`);
    this.addSql(`alter table "leads" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "leads" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
    this.addSql(`alter table "lead_activities" enable row level security;`);
    this.addSql(`alter table "lead_activities" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "lead_activities" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
    this.addSql(`alter table "communications" enable row level security;`);
    this.addSql(`alter table "communications" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "communications" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
    this.addSql(`alter table "audit_logs" enable row level security;`);
    this.addSql(`alter table "audit_logs" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "audit_logs" using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);`);
  }

}
