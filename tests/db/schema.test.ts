import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MikroORM } from "@mikro-orm/postgresql";
import { initOwnerOrm, MIGRATIONS_PATH } from "@db/migrate";
import { useTestDatabase } from "../support/database";

const KNOWN_TENANT_TABLES = [
  "audit_logs",
  "communications",
  "lead_activities",
  "leads",
  "organization_invites",
  "organization_members",
  "pipeline_stages",
  "realtime_events",
  "realtime_sequences",
  "whatsapp_connections",
  "whatsapp_phone_numbers",
  "whatsapp_templates",
];

describe("database catalog", () => {
  const db = useTestDatabase();

  async function asApp<T>(work: (client: pg.Client) => Promise<T>) {
    const client = new pg.Client({ connectionString: db.appUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  describe("row-level security", () => {
    /**
     * Tables the app role reaches without row-level security, each with why.
     * A new table is under forced RLS, or it is added here on purpose.
     */
    const WITHOUT_ROW_LEVEL_SECURITY = [
      // The migrator's bookkeeping: the app role may only read it (see "cannot write the migrations table").
      "mikro_orm_migrations",
    ];

    it("is enabled, forced and has a policy on every table of the public schema but the allow-listed ones", async () => {
      const tables = await db.adminQuery<{ table: string; enabled: boolean; forced: boolean; policies: number }>(`
        select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
               (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p')
         order by c.relname`);
      expect(tables.map((t) => t.table)).toEqual(
        expect.arrayContaining([...KNOWN_TENANT_TABLES, "users", "user_sessions", "organizations", ...WITHOUT_ROW_LEVEL_SECURITY]),
      );
      for (const table of tables.filter((t) => !WITHOUT_ROW_LEVEL_SECURITY.includes(t.table))) {
        expect(table, table.table).toMatchObject({ enabled: true, forced: true });
        expect(table.policies, table.table).toBeGreaterThan(0);
      }
    });

    it("scopes every tenant table by app.organization_id for reads and writes", async () => {
      const policies = await db.adminQuery<{ table: string; qual: string | null; with_check: string | null; cmd: string; permissive: string }>(`
        select tablename as table, qual, with_check, cmd, permissive
          from pg_policies where schemaname = 'public' and policyname = 'tenant_isolation'`);
      expect(policies.map((p) => p.table).sort()).toEqual(expect.arrayContaining(KNOWN_TENANT_TABLES));
      for (const policy of policies) {
        expect(policy.cmd, policy.table).toBe("ALL");
        expect(policy.qual, policy.table).toMatch(/organization_id = \(NULLIF\(current_setting\('app\.organization_id'::text, true\), ''::text\)\)::uuid/);
        expect(policy.with_check, policy.table).toBe(policy.qual);
      }
      // On tenant tables, extra policies only ever open reads, never writes;
      // the global tables are written only in the signed-in user's or the current organization's own scope.
      const others = await db.adminQuery<{ table: string; policy: string; cmd: string }>(`
        select tablename as table, policyname as policy, cmd
          from pg_policies where schemaname = 'public' and policyname <> 'tenant_isolation' order by 1, 2`);
      expect(others).toEqual([
        { table: "organization_invites", policy: "invite_visible_by_token", cmd: "SELECT" },
        { table: "organization_members", policy: "member_sees_own_memberships", cmd: "SELECT" },
        { table: "organizations", policy: "current_organization", cmd: "ALL" },
        { table: "organizations", policy: "organization_of_current_user", cmd: "SELECT" },
        { table: "organizations", policy: "schema_owner_functions", cmd: "ALL" },
        { table: "twilio_connections", policy: "connection_visible_by_key", cmd: "SELECT" },
        { table: "user_sessions", policy: "schema_owner_functions", cmd: "ALL" },
        { table: "user_sessions", policy: "session_of_current_user", cmd: "ALL" },
        { table: "users", policy: "schema_owner_functions", cmd: "ALL" },
        { table: "users", policy: "user_sees_organization_members", cmd: "SELECT" },
        { table: "users", policy: "user_sees_self", cmd: "ALL" },
        { table: "whatsapp_connections", policy: "connection_visible_by_key", cmd: "SELECT" },
      ]);
    });
  });

  describe("roles", () => {
    it("the app and owner roles are neither superusers nor able to bypass row-level security", async () => {
      const roles = await db.adminQuery<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
        `select rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname in ('loved_app', 'loved_owner') order by rolname`,
      );
      expect(roles).toEqual([
        { rolname: "loved_app", rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false },
        expect.objectContaining({ rolname: "loved_owner", rolsuper: false, rolbypassrls: false }),
      ]);
    });

    it("the app role owns nothing in public and is not a member of the owner role", async () => {
      const owned = await db.adminQuery<{ relname: string }>(`
        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relowner = 'loved_app'::regrole`);
      expect(owned).toEqual([]);
      const [membership] = await db.adminQuery<{ member: boolean }>(`select pg_has_role('loved_app', 'loved_owner', 'member') as member`);
      expect(membership.member).toBe(false);
      const [tables] = await db.adminQuery<{ count: number }>(`
        select count(*)::int as count from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r' and c.relowner = 'loved_owner'::regrole`);
      expect(tables.count).toBeGreaterThanOrEqual(KNOWN_TENANT_TABLES.length);
    });

    it("the app role cannot run DDL", async () => {
      await asApp(async (client) => {
        await expect(client.query(`create table x()`)).rejects.toMatchObject({ code: "42501" });
        await expect(client.query(`alter table leads disable row level security`)).rejects.toMatchObject({ code: "42501" });
        await expect(client.query(`alter table leads no force row level security`)).rejects.toMatchObject({ code: "42501" });
        await expect(client.query(`drop policy tenant_isolation on leads`)).rejects.toMatchObject({ code: "42501" });
        await expect(client.query(`create policy open_all on leads using (true)`)).rejects.toMatchObject({ code: "42501" });
        await expect(client.query(`drop table audit_logs`)).rejects.toMatchObject({ code: "42501" });
      });
      const [exists] = await db.adminQuery<{ x: string | null }>(`select to_regclass('public.x')::text as x`);
      expect(exists.x).toBeNull();
    });

    it("the app role cannot write the migrations table", async () => {
      const before = await db.adminQuery(`select * from mikro_orm_migrations order by id`);
      expect(before.length).toBeGreaterThan(0);
      await asApp(async (client) => {
        await expect(client.query(`insert into mikro_orm_migrations (name, executed_at) values ('Migration_forged', now())`)).rejects.toMatchObject({
          code: "42501",
        });
        await expect(client.query(`update mikro_orm_migrations set name = name`)).rejects.toMatchObject({ code: "42501" });
        await expect(client.query(`delete from mikro_orm_migrations`)).rejects.toMatchObject({ code: "42501" });
      });
      expect(await db.adminQuery(`select * from mikro_orm_migrations order by id`)).toEqual(before);
    });

    it("the app role may enqueue jobs only through enqueue_job", async () => {
      const [privileges] = await db.adminQuery<{ app: boolean; everyone: boolean; definer: boolean; config: string[] | null }>(`
        select has_function_privilege('loved_app', p.oid, 'execute') as app,
               coalesce(aclcontains(p.proacl, makeaclitem(0, p.proowner, 'EXECUTE', false)), true) as everyone,
               p.prosecdef as definer,
               p.proconfig as config
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = 'public' and p.proname = 'enqueue_job'`);
      expect(privileges).toMatchObject({ app: true, everyone: false, definer: true });
      expect(privileges.config?.some((c) => c.startsWith("search_path="))).toBe(true);

      const before = await db.adminQuery<{ count: number }>(`select count(*)::int as count from graphile_worker._private_jobs`);
      await asApp(async (client) => {
        await client.query("begin");
        await client.query(`select enqueue_job('catalog_test__noop', '{"ok": true}'::json)`);
        await client.query("commit");
        await expect(client.query(`select * from graphile_worker._private_jobs`)).rejects.toMatchObject({ code: "42501" });
        await expect(client.query(`delete from graphile_worker._private_jobs`)).rejects.toMatchObject({ code: "42501" });
        await expect(client.query(`select graphile_worker.add_job('catalog_test__noop', '{}'::json)`)).rejects.toMatchObject({ code: "42501" });
      });
      const jobs = await db.adminQuery<{ identifier: string; payload: unknown }>(`
        select t.identifier, j.payload from graphile_worker._private_jobs j
          join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'catalog_test__noop'`);
      expect(jobs).toEqual([{ identifier: "catalog_test__noop", payload: { ok: true } }]);
      const after = await db.adminQuery<{ count: number }>(`select count(*)::int as count from graphile_worker._private_jobs`);
      expect(after[0].count).toBe(before[0].count + 1);
    });
  });

  describe("entities and migrations agree", () => {
    let orm: MikroORM;

    beforeAll(async () => {
      orm = await initOwnerOrm(db.ownerUrl);
    });

    afterAll(async () => {
      await orm?.close(true);
    });

    it("leaves no difference between the entities and the migrated schema", async () => {
      const differs = await orm.migrator.checkSchema();
      // On failure, show the SQL a new migration would need.
      const diff = differs ? await orm.schema.getUpdateSchemaSQL({ wrap: false }) : "";
      expect(diff).toBe("");
      expect(differs).toBe(false);
    });

    it("has no pending migration", async () => {
      expect(await orm.migrator.getPending()).toEqual([]);
    });

    it("has executed every migration file in db/migrations", async () => {
      const files = (await readdir(MIGRATIONS_PATH))
        .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith(".d.ts"))
        .map((file) => path.basename(file).replace(/\.(ts|js)$/, ""))
        .sort();
      expect(files.length).toBeGreaterThan(0);
      const executed = (await orm.migrator.getExecuted()).map((m) => m.name.replace(/\.(ts|js)$/, "")).sort();
      expect(executed).toEqual(files);
      const recorded = await db.adminQuery<{ name: string }>(`select name from mikro_orm_migrations order by name`);
      expect(recorded.map((r) => r.name.replace(/\.(ts|js)$/, ""))).toEqual(files);
    });
  });
});
