import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";

/**
 * Row-level security checked at the database itself, below the ORM: the app
 * role (and the owner, through FORCE) sees and writes only the rows of the
 * organization set in `app.organization_id` for the current transaction.
 */
const TENANT_TABLES = [
  "pipeline_stages",
  "leads",
  "lead_activities",
  "communications",
  "audit_logs",
  "organization_members",
  "organization_invites",
  "realtime_events",
  "realtime_sequences",
  "whatsapp_connections",
  "whatsapp_phone_numbers",
  "whatsapp_templates",
] as const;

type Settings = Partial<Record<"app.organization_id" | "app.user_id" | "app.invite_token_hash", string>>;

describe("row-level security at the database", () => {
  const db = useTestDatabase();

  let auroraId = "";
  let borealId = "";
  const auroraInvite = { id: randomUUID(), tokenHash: sha256("aurora-invite-token") };
  const borealInvite = { id: randomUUID(), tokenHash: sha256("boreal-invite-token") };
  let managerId = "";
  /** Rows per organization per table, as the superuser sees them. */
  let adminCounts: Record<string, { aurora: number; boreal: number; total: number }> = {};

  function sha256(value: string) {
    return createHash("sha256").update(value).digest("hex");
  }

  async function connect(url: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }

  /** One transaction with the given settings made transaction-local, as the app does. */
  async function inTransaction<T>(
    client: pg.Client,
    settings: Settings,
    work: (client: pg.Client) => Promise<T>,
    end: "commit" | "rollback" = "rollback",
  ) {
    await client.query("begin");
    try {
      for (const [name, value] of Object.entries(settings)) {
        await client.query("select set_config($1, $2, true)", [name, value]);
      }
      const result = await work(client);
      await client.query(end);
      return result;
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  }

  async function withRole<T>(role: "app" | "owner", settings: Settings, work: (client: pg.Client) => Promise<T>, end?: "commit" | "rollback") {
    const client = await connect(role === "app" ? db.appUrl : db.ownerUrl);
    try {
      return await inTransaction(client, settings, work, end);
    } finally {
      await client.end();
    }
  }

  async function count(client: pg.Client, table: string) {
    const { rows } = await client.query<{ count: number }>(`select count(*)::int as count from ${table}`);
    return rows[0].count;
  }

  async function countsPerOrganization() {
    const result: typeof adminCounts = {};
    for (const table of TENANT_TABLES) {
      const [row] = await db.adminQuery<{ aurora: number; boreal: number; total: number }>(
        `select count(*) filter (where organization_id = $1)::int as aurora,
                count(*) filter (where organization_id = $2)::int as boreal,
                count(*)::int as total
           from ${table}`,
        [auroraId, borealId],
      );
      result[table] = row;
    }
    return result;
  }

  /** A digest of boreal's rows in every tenant table, as the superuser sees them. */
  async function borealDigest() {
    const digests: Record<string, string> = {};
    for (const table of TENANT_TABLES) {
      const [row] = await db.adminQuery<{ digest: string }>(
        `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t where organization_id = $1`,
        [borealId],
      );
      digests[table] = row.digest;
    }
    return digests;
  }

  beforeAll(async () => {
    const orgs = await db.adminQuery<{ id: string; slug: string }>(`select id, slug from organizations where slug in ('aurora', 'boreal')`);
    auroraId = orgs.find((o) => o.slug === "aurora")!.id;
    borealId = orgs.find((o) => o.slug === "boreal")!.id;
    const [manager] = await db.adminQuery<{ id: string }>(`select id from users where email = 'manager@aurora.test'`);
    managerId = manager.id;

    // Fixtures so that every tenant table has rows in both organizations.
    for (const [invite, organizationId] of [
      [auroraInvite, auroraId],
      [borealInvite, borealId],
    ] as const) {
      await db.adminQuery(
        `insert into organization_invites (id, organization_id, email, role, status, token_hash, expires_at, sent_count, created_at, updated_at)
         values ($1, $2, $3, 'member', 'pending', $4, now() + interval '7 days', 1, now(), now())`,
        [invite.id, organizationId, `invitee-${invite.id}@example.test`, invite.tokenHash],
      );
      await db.adminQuery(
        `insert into audit_logs (id, organization_id, action, resource_type, resource_id, created_at)
         values ($1, $2, 'test.fixture', 'organization_invite', $3, now())`,
        [randomUUID(), organizationId, invite.id],
      );
    }
    // The realtime feed of both organizations (the seed publishes no events).
    for (const organizationId of [auroraId, borealId]) {
      await db.adminQuery(
        `insert into realtime_sequences (organization_id, last_event_id) values ($1, 1000) on conflict (organization_id) do nothing`,
        [organizationId],
      );
      await db.adminQuery(
        `insert into realtime_events (organization_id, event_id, type, data, created_at) values ($1, 1000, 'test.fixture', '{}', now())`,
        [organizationId],
      );
    }
    // manager@aurora.test also belongs to boreal: memberships in two organizations.
    await db.adminQuery(
      `insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at) values ($1, $2, $3, 'member', now(), now())`,
      [randomUUID(), borealId, managerId],
    );

    adminCounts = await countsPerOrganization();
    for (const table of TENANT_TABLES) {
      expect(adminCounts[table].aurora, `${table} needs aurora rows`).toBeGreaterThan(0);
      expect(adminCounts[table].boreal, `${table} needs boreal rows`).toBeGreaterThan(0);
    }
  });

  describe("as the app role", () => {
    it("sees no tenant row when no organization is set", async () => {
      await withRole("app", {}, async (client) => {
        for (const table of TENANT_TABLES) expect(await count(client, table), table).toBe(0);
      });
    });

    it("sees no tenant row, and does not fail, when the organization is set to ''", async () => {
      await withRole("app", { "app.organization_id": "" }, async (client) => {
        for (const table of TENANT_TABLES) expect(await count(client, table), table).toBe(0);
      });
    });

    it("sees no tenant row on a pooled connection after an earlier transaction set the organization", async () => {
      const client = await connect(db.appUrl);
      try {
        await inTransaction(client, { "app.organization_id": auroraId }, async (c) => {
          expect(await count(c, "leads")).toBe(adminCounts.leads.aurora);
        });
        // The setting now reads '' on this session rather than NULL.
        await inTransaction(client, {}, async (c) => {
          const { rows } = await c.query<{ value: string | null }>(`select current_setting('app.organization_id', true) as value`);
          expect(rows[0].value).toBe("");
          for (const table of TENANT_TABLES) expect(await count(c, table), table).toBe(0);
        });
      } finally {
        await client.end();
      }
    });

    it("sees exactly aurora's rows when aurora is set", async () => {
      await withRole("app", { "app.organization_id": auroraId }, async (client) => {
        for (const table of TENANT_TABLES) {
          const { rows } = await client.query<{ total: number; foreign: number }>(
            `select count(*)::int as total, count(*) filter (where organization_id <> $1)::int as foreign from ${table}`,
            [auroraId],
          );
          expect(rows[0], table).toEqual({ total: adminCounts[table].aurora, foreign: 0 });
          const direct = await client.query(`select 1 from ${table} where organization_id = $1`, [borealId]);
          expect(direct.rowCount, `${table}: boreal rows by organization_id`).toBe(0);
        }
      });
    });

    it("updates and deletes none of boreal's rows when aurora is set", async () => {
      const before = await borealDigest();
      const [borealLead] = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 limit 1`, [borealId]);
      await withRole(
        "app",
        { "app.organization_id": auroraId },
        async (client) => {
          const byId = await client.query(`update leads set full_name = 'hijacked' where id = $1`, [borealLead.id]);
          expect(byId.rowCount).toBe(0);
          for (const table of TENANT_TABLES) {
            const updated = await client.query(`update ${table} set organization_id = organization_id where organization_id = $1`, [borealId]);
            expect(updated.rowCount, `update ${table}`).toBe(0);
          }
          // Children first, so a leak would delete rows rather than trip a foreign key.
          for (const table of [...TENANT_TABLES].reverse()) {
            const deleted = await client.query(`delete from ${table} where organization_id = $1`, [borealId]);
            expect(deleted.rowCount, `delete ${table}`).toBe(0);
          }
          const unfiltered = await client.query(`delete from lead_activities where organization_id <> $1`, [auroraId]);
          expect(unfiltered.rowCount).toBe(0);
        },
        "commit",
      );
      expect(await borealDigest()).toEqual(before);
      expect(await countsPerOrganization()).toEqual(adminCounts);
    });

    it("refuses to insert a row carrying another organization's id", async () => {
      const [stage] = await db.adminQuery<{ id: string }>(`select id from pipeline_stages where organization_id = $1 limit 1`, [borealId]);
      await withRole("app", { "app.organization_id": auroraId }, async (client) => {
        await expect(
          client.query(
            `insert into leads (id, organization_id, full_name, stage_id, position, created_at, updated_at)
             values ($1, $2, 'Intruso', $3, 'i', now(), now())`,
            [randomUUID(), borealId, stage.id],
          ),
        ).rejects.toMatchObject({ code: "42501", message: expect.stringContaining("row-level security") });
      });
      await withRole("app", { "app.organization_id": auroraId }, async (client) => {
        await expect(
          client.query(
            `insert into audit_logs (id, organization_id, action, resource_type, created_at) values ($1, $2, 'forged', 'lead', now())`,
            [randomUUID(), borealId],
          ),
        ).rejects.toMatchObject({ code: "42501" });
      });
      expect(await countsPerOrganization()).toEqual(adminCounts);
    });

    it("refuses to move one of its own rows into another organization", async () => {
      const [lead] = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 limit 1`, [auroraId]);
      await withRole("app", { "app.organization_id": auroraId }, async (client) => {
        await expect(client.query(`update leads set organization_id = $1 where id = $2`, [borealId, lead.id])).rejects.toMatchObject({
          code: "42501",
        });
      });
      const [after] = await db.adminQuery<{ organization_id: string }>(`select organization_id from leads where id = $1`, [lead.id]);
      expect(after.organization_id).toBe(auroraId);
    });

    it("can write its own organization's rows (control)", async () => {
      const [lead] = await db.adminQuery<{ id: string; version: number }>(`select id, version from leads where organization_id = $1 limit 1`, [auroraId]);
      await withRole("app", { "app.organization_id": auroraId }, async (client) => {
        const updated = await client.query(`update leads set version = version + 1 where id = $1`, [lead.id]);
        expect(updated.rowCount).toBe(1);
      });
    });
  });

  describe("as the schema owner (FORCE row level security)", () => {
    it("sees no tenant row when no organization is set", async () => {
      await withRole("owner", {}, async (client) => {
        for (const table of TENANT_TABLES) expect(await count(client, table), table).toBe(0);
      });
    });

    it("sees only aurora's rows when aurora is set and cannot touch boreal's", async () => {
      await withRole("owner", { "app.organization_id": auroraId }, async (client) => {
        for (const table of TENANT_TABLES) expect(await count(client, table), table).toBe(adminCounts[table].aurora);
        const deleted = await client.query(`delete from leads where organization_id = $1`, [borealId]);
        expect(deleted.rowCount).toBe(0);
      });
    });
  });

  describe("global tables (users, user_sessions, organizations)", () => {
    it("show the app role nothing without context, and only the organization's own people within it", async () => {
      await withRole("app", {}, async (client) => {
        for (const table of ["users", "user_sessions", "organizations"]) expect(await count(client, table), table).toBe(0);
      });
      const members = await db.adminQuery<{ id: string }>(
        `select user_id as id from organization_members where organization_id = $1 order by 1`,
        [borealId],
      );
      await withRole("app", { "app.organization_id": borealId }, async (client) => {
        const { rows } = await client.query<{ id: string }>(`select id from users order by 1`);
        expect(rows).toEqual(members);
        expect((await client.query(`select id from organizations`)).rows).toEqual([{ id: borealId }]);
        expect(await count(client, "user_sessions")).toBe(0);
      });
    });

    it("show a signed-in user their own row and sessions and the organizations they belong to", async () => {
      const organizations = await db.adminQuery<{ id: string }>(
        `select organization_id as id from organization_members where user_id = $1 order by 1`,
        [managerId],
      );
      await withRole("app", { "app.user_id": managerId }, async (client) => {
        expect((await client.query(`select id from users`)).rows).toEqual([{ id: managerId }]);
        expect((await client.query(`select id from organizations order by 1`)).rows).toEqual(organizations);
        const foreign = await client.query(`select 1 from user_sessions where user_id <> $1`, [managerId]);
        expect(foreign.rowCount).toBe(0);
      });
    });
  });

  describe("organization_members: a user's own memberships", () => {
    it("shows a user only their own memberships, across organizations", async () => {
      const expected = await db.adminQuery<{ id: string }>(`select id from organization_members where user_id = $1 order by id`, [managerId]);
      expect(expected).toHaveLength(2);
      await withRole("app", { "app.user_id": managerId }, async (client) => {
        const { rows } = await client.query<{ id: string; user_id: string }>(`select id, user_id from organization_members order by id`);
        expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
        expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set([managerId]));
        // Nothing else opens up: tenant tables stay closed.
        for (const table of TENANT_TABLES.filter((t) => t !== "organization_members")) expect(await count(client, table), table).toBe(0);
      });
    });

    it("does not let a user update, delete or insert memberships", async () => {
      const before = await db.adminQuery(`select * from organization_members where user_id = $1 order by id`, [managerId]);
      await withRole(
        "app",
        { "app.user_id": managerId },
        async (client) => {
          const updated = await client.query(`update organization_members set role = 'owner' where user_id = $1`, [managerId]);
          expect(updated.rowCount).toBe(0);
          const deleted = await client.query(`delete from organization_members where user_id = $1`, [managerId]);
          expect(deleted.rowCount).toBe(0);
        },
        "commit",
      );
      await withRole("app", { "app.user_id": managerId }, async (client) => {
        await expect(
          client.query(
            `insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at) values ($1, $2, $3, 'owner', now(), now())`,
            [randomUUID(), borealId, managerId],
          ),
        ).rejects.toMatchObject({ code: "42501" });
      });
      expect(await db.adminQuery(`select * from organization_members where user_id = $1 order by id`, [managerId])).toEqual(before);
    });
  });

  describe("organization_invites: the holder of a link", () => {
    it("sees exactly the invitation whose token hash is set", async () => {
      await withRole("app", { "app.invite_token_hash": auroraInvite.tokenHash }, async (client) => {
        const { rows } = await client.query<{ id: string }>(`select id from organization_invites`);
        expect(rows).toEqual([{ id: auroraInvite.id }]);
        for (const table of TENANT_TABLES.filter((t) => t !== "organization_invites")) expect(await count(client, table), table).toBe(0);
      });
    });

    it("sees nothing with an unknown or empty token hash", async () => {
      for (const tokenHash of [sha256("no-such-token"), ""]) {
        await withRole("app", { "app.invite_token_hash": tokenHash }, async (client) => {
          expect(await count(client, "organization_invites")).toBe(0);
        });
      }
    });

    it("cannot change the invitation it can read", async () => {
      await withRole(
        "app",
        { "app.invite_token_hash": auroraInvite.tokenHash },
        async (client) => {
          const updated = await client.query(`update organization_invites set status = 'accepted' where id = $1`, [auroraInvite.id]);
          expect(updated.rowCount).toBe(0);
          const deleted = await client.query(`delete from organization_invites where id = $1`, [auroraInvite.id]);
          expect(deleted.rowCount).toBe(0);
        },
        "commit",
      );
      const [invite] = await db.adminQuery<{ status: string }>(`select status from organization_invites where id = $1`, [auroraInvite.id]);
      expect(invite.status).toBe("pending");
    });
  });
});
