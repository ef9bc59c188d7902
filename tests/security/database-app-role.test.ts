import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";

/**
 * What the application's own PostgreSQL role can read of the global tables
 * (users, user_sessions, organizations), straight SQL below the ORM: only the
 * rows the transaction's context allows, never a password hash, and the few
 * cross-tenant lookups only through exact-key functions.
 */
type Settings = Partial<Record<"app.organization_id" | "app.user_id" | "app.whatsapp_connection_key" | "app.twilio_connection_key", string>>;

function sha256(value: string) {
  return createHash("sha256").update(value).digest("hex");
}

describe("the app role on users, sessions and organizations", () => {
  const db = useTestDatabase();

  let auroraId = "";
  let borealId = "";
  /** owner@aurora.test: a member of aurora only. */
  let auroraOwner = "";
  /** owner@boreal.test: a member of boreal only. */
  let borealOwner = "";
  const auroraSession = { id: randomUUID(), token: `aurora-${randomUUID()}` };
  const borealSession = { id: randomUUID(), token: `boreal-${randomUUID()}` };

  async function asApp<T>(settings: Settings, work: (client: pg.Client) => Promise<T>) {
    const client = new pg.Client({ connectionString: db.appUrl });
    await client.connect();
    try {
      await client.query("begin");
      for (const [name, value] of Object.entries(settings)) await client.query("select set_config($1, $2, true)", [name, value]);
      return await work(client);
    } finally {
      await client.query("rollback").catch(() => {});
      await client.end();
    }
  }

  async function ids(client: pg.Client, sql: string, params: unknown[] = []) {
    const { rows } = await client.query<{ id: string }>(sql, params);
    return rows.map((row) => row.id).sort();
  }

  async function adminIds(sql: string, params: unknown[] = []) {
    return (await db.adminQuery<{ id: string }>(sql, params)).map((row) => row.id).sort();
  }

  beforeAll(async () => {
    const orgs = await db.adminQuery<{ id: string; slug: string }>(`select id, slug from organizations where slug in ('aurora', 'boreal')`);
    auroraId = orgs.find((o) => o.slug === "aurora")!.id;
    borealId = orgs.find((o) => o.slug === "boreal")!.id;
    const users = await db.adminQuery<{ id: string; email: string }>(
      `select id, email from users where email in ('owner@aurora.test', 'owner@boreal.test')`,
    );
    auroraOwner = users.find((u) => u.email === "owner@aurora.test")!.id;
    borealOwner = users.find((u) => u.email === "owner@boreal.test")!.id;
    for (const [session, userId] of [
      [auroraSession, auroraOwner],
      [borealSession, borealOwner],
    ] as const) {
      await db.adminQuery(
        `insert into user_sessions (id, token_hash, user_id, expires_at, last_activity_at, created_at)
         values ($1, $2, $3, now() + interval '1 day', now(), now())`,
        [session.id, sha256(session.token), userId],
      );
    }
    // Enough rows that "sees everything" and "sees its own" differ.
    expect((await db.adminQuery(`select 1 from users`)).length).toBeGreaterThan(2);
    expect((await db.adminQuery(`select 1 from organizations`)).length).toBeGreaterThan(1);
  });

  describe("with no context", () => {
    it("sees no user, no session and no organization", async () => {
      await asApp({}, async (client) => {
        expect(await ids(client, `select id from users`)).toEqual([]);
        expect(await ids(client, `select id from user_sessions`)).toEqual([]);
        expect(await ids(client, `select id from organizations`)).toEqual([]);
        expect(await ids(client, `select id from organizations where slug = 'aurora'`)).toEqual([]);
        expect(await ids(client, `select id from users where email = 'owner@aurora.test'`)).toEqual([]);
      });
    });

    it("updates and deletes nothing", async () => {
      await asApp({}, async (client) => {
        expect((await client.query(`update users set full_name = 'x'`)).rowCount).toBe(0);
        expect((await client.query(`update organizations set name = 'x'`)).rowCount).toBe(0);
        expect((await client.query(`delete from user_sessions`)).rowCount).toBe(0);
      });
    });
  });

  describe("as a signed-in user (app.user_id) without an organization", () => {
    it("sees only their own user row and their own sessions", async () => {
      await asApp({ "app.user_id": auroraOwner }, async (client) => {
        expect(await ids(client, `select id from users`)).toEqual([auroraOwner]);
        expect(await ids(client, `select id from user_sessions`)).toEqual(
          await adminIds(`select id from user_sessions where user_id = $1`, [auroraOwner]),
        );
        expect(await ids(client, `select id from user_sessions where id = $1`, [borealSession.id])).toEqual([]);
      });
    });

    it("sees exactly the organizations they belong to", async () => {
      await asApp({ "app.user_id": borealOwner }, async (client) => {
        expect(await ids(client, `select id from organizations`)).toEqual(
          await adminIds(`select organization_id as id from organization_members where user_id = $1`, [borealOwner]),
        );
        expect(await ids(client, `select id from organizations where id = $1`, [auroraId])).toEqual([]);
      });
    });

    it("cannot write another user's row or a session for another user", async () => {
      await asApp({ "app.user_id": auroraOwner }, async (client) => {
        expect((await client.query(`update users set full_name = 'hijacked' where id = $1`, [borealOwner])).rowCount).toBe(0);
        expect((await client.query(`delete from user_sessions where id = $1`, [borealSession.id])).rowCount).toBe(0);
        await expect(
          client.query(
            `insert into user_sessions (id, token_hash, user_id, expires_at, last_activity_at, created_at)
             values ($1, $2, $3, now() + interval '1 day', now(), now())`,
            [randomUUID(), sha256(randomUUID()), borealOwner],
          ),
        ).rejects.toMatchObject({ code: "42501" });
      });
      const [borealUser] = await db.adminQuery<{ full_name: string }>(`select full_name from users where id = $1`, [borealOwner]);
      expect(borealUser.full_name).not.toBe("hijacked");
    });
  });

  describe("in an organization (app.organization_id)", () => {
    it("sees the members of that organization and nobody else", async () => {
      await asApp({ "app.organization_id": auroraId, "app.user_id": auroraOwner }, async (client) => {
        const members = await adminIds(`select user_id as id from organization_members where organization_id = $1`, [auroraId]);
        expect(members.length).toBeGreaterThan(1);
        expect(await ids(client, `select id from users`)).toEqual(members);
        expect(await ids(client, `select id from users where id = $1`, [borealOwner])).toEqual([]);
        expect(await ids(client, `select id from organizations`)).toEqual([auroraId]);
        // Teammates' sessions stay theirs.
        expect(await ids(client, `select user_id as id from user_sessions where user_id <> $1`, [auroraOwner])).toEqual([]);
      });
    });

    it("does not see another organization's members when the user is not set", async () => {
      await asApp({ "app.organization_id": borealId }, async (client) => {
        expect(await ids(client, `select id from users`)).toEqual(
          await adminIds(`select user_id as id from organization_members where organization_id = $1`, [borealId]),
        );
        expect(await ids(client, `select id from users where id = $1`, [auroraOwner])).toEqual([]);
        expect(await ids(client, `select id from organizations`)).toEqual([borealId]);
      });
    });
  });

  describe("password hashes", () => {
    it("cannot be read at all, not even one's own", async () => {
      for (const settings of [{}, { "app.user_id": auroraOwner }, { "app.organization_id": auroraId, "app.user_id": auroraOwner }]) {
        await asApp(settings, async (client) => {
          await expect(client.query(`select password_hash from users`)).rejects.toMatchObject({ code: "42501" });
        });
        await asApp(settings, async (client) => {
          await expect(client.query(`select * from users`)).rejects.toMatchObject({ code: "42501" });
        });
        await asApp(settings, async (client) => {
          await expect(client.query(`select id from users where password_hash like '$argon2%'`)).rejects.toMatchObject({ code: "42501" });
        });
      }
    });
  });

  describe("the narrow lookup functions", () => {
    it("are security definer, pinned to a safe search_path, owned by the schema owner and executable by the app role only", async () => {
      const functions = await db.adminQuery<{ name: string; definer: boolean; config: string[] | null; owner: string; app: boolean; everyone: boolean }>(`
        select p.proname as name, p.prosecdef as definer, p.proconfig as config, pg_get_userbyid(p.proowner) as owner,
               has_function_privilege('loved_app', p.oid, 'execute') as app,
               coalesce(aclcontains(p.proacl, makeaclitem(0, p.proowner, 'EXECUTE', false)), true) as everyone
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = 'public' and p.prosecdef order by 1`);
      // Every way past row-level security, by name: a new one fails here until it is reviewed and listed.
      expect(functions.map((f) => f.name)).toEqual([
        "delete_organization_jobs",
        "delete_user_session",
        "enqueue_job",
        "find_invite_by_token_hash",
        "find_login_user",
        "find_twilio_connection",
        "find_user_memberships",
        "find_user_names",
        "find_user_session",
        "find_whatsapp_connection",
        "list_organization_ids",
        "list_purgeable_organization_ids",
        "list_unpurged_organization_ids",
        "live_session_ids",
        "purge_expired_user_sessions",
        "release_organization_jobs",
        "renew_user_session",
        "taken_organization_slugs",
      ]);
      for (const fn of functions) {
        expect(fn, fn.name).toMatchObject({ definer: true, owner: "loved_owner", app: true, everyone: false });
        // Without public: an operator or function someone created there would be resolved as the owner.
        expect(fn.config, fn.name).toEqual(["search_path=pg_catalog, pg_temp"]);
      }
    });

    it("find_login_user returns one row, with the hash, for an exact e-mail and nothing for patterns or strangers", async () => {
      await asApp({}, async (client) => {
        const exact = await client.query(`select * from find_login_user($1)`, ["owner@aurora.test"]);
        expect(exact.rows).toEqual([
          { id: auroraOwner, email: "owner@aurora.test", full_name: expect.any(String), password_hash: expect.stringMatching(/^\$argon2/) },
        ]);
        for (const probe of ["%", "owner@%", "%aurora%", "OWNER@AURORA.TEST", "owner@aurora.test ", "", "nobody@example.test"]) {
          expect((await client.query(`select * from find_login_user($1)`, [probe])).rows, probe).toEqual([]);
        }
      });
    });

    it("find_user_session returns the session and its user for an exact token hash only", async () => {
      await asApp({}, async (client) => {
        const { rows } = await client.query(`select * from find_user_session($1)`, [sha256(auroraSession.token)]);
        expect(rows).toEqual([expect.objectContaining({ session_id: auroraSession.id, user_id: auroraOwner, email: "owner@aurora.test" })]);
        expect(Object.keys(rows[0])).not.toContain("password_hash");
        for (const probe of ["%", sha256("unknown"), sha256(auroraSession.token).slice(0, 20) + "%", ""]) {
          expect((await client.query(`select * from find_user_session($1)`, [probe])).rows, probe).toEqual([]);
        }
      });
    });

    it("renew_user_session and delete_user_session act on the one session whose token hash is given", async () => {
      await asApp({}, async (client) => {
        await client.query(`select delete_user_session($1)`, ["%"]);
        await client.query(`select renew_user_session($1, interval '90 days')`, ["%"]);
        await client.query("commit");
      });
      const untouched = await db.adminQuery<{ count: number }>(
        `select count(*)::int as count from user_sessions where expires_at > now() + interval '60 days'`,
      );
      expect(untouched[0].count).toBe(0);
      expect(await adminIds(`select id from user_sessions where id = any($1)`, [[auroraSession.id, borealSession.id]])).toEqual(
        [auroraSession.id, borealSession.id].sort(),
      );
      await asApp({}, async (client) => {
        await client.query(`select renew_user_session($1, interval '90 days')`, [sha256(borealSession.token)]);
        await client.query(`select delete_user_session($1)`, [sha256(auroraSession.token)]);
        await client.query("commit");
      });
      expect(await adminIds(`select id from user_sessions where id = any($1)`, [[auroraSession.id, borealSession.id]])).toEqual([borealSession.id]);
      const renewed = await adminIds(`select id from user_sessions where expires_at > now() + interval '60 days'`);
      expect(renewed).toEqual([borealSession.id]);
    });

    it("find_user_names gives only names, only for the exact ids asked", async () => {
      await asApp({}, async (client) => {
        const { rows } = await client.query(`select * from find_user_names($1::uuid[])`, [[borealOwner, randomUUID()]]);
        expect(rows).toEqual([{ id: borealOwner, full_name: expect.any(String) }]);
        expect((await client.query(`select * from find_user_names('{}'::uuid[])`)).rows).toEqual([]);
      });
    });

    it("find_user_memberships lists the given user's organizations and roles, by name, and nobody else's, whatever the caller's context", async () => {
      // Boreal's owner also joins aurora, so the list crosses organizations; aurora's owner stays in aurora only.
      const membershipId = randomUUID();
      await db.adminQuery(
        `insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at) values ($1, $2, $3, 'viewer', now(), now())`,
        [membershipId, auroraId, borealOwner],
      );
      try {
        const expected = await db.adminQuery<{ id: string; slug: string; role: string }>(
          `select o.id, o.slug, m.role from organization_members m join organizations o on o.id = m.organization_id
            where m.user_id = $1 order by o.name, o.id`,
          [borealOwner],
        );
        expect(expected.map((m) => m.slug).sort()).toEqual(["aurora", "boreal"]);
        const contexts: Settings[] = [{}, { "app.user_id": auroraOwner }, { "app.organization_id": auroraId, "app.user_id": auroraOwner }];
        for (const settings of contexts) {
          await asApp(settings, async (client) => {
            const { rows } = await client.query(`select * from find_user_memberships($1)`, [borealOwner]);
            expect(rows, JSON.stringify(settings)).toEqual(
              expected.map((m) => ({
                id: m.id,
                name: expect.any(String),
                slug: m.slug,
                currency: expect.any(String),
                time_zone: expect.any(String),
                locale: expect.any(String),
                role: m.role,
                deleted_at: null,
                purge_after: null,
              })),
            );
            // A transaction-local app.user_id would otherwise outlive the call and widen what the caller reads next.
            const [after] = (await client.query<{ setting: string | null }>(`select current_setting('app.user_id', true) as setting`)).rows;
            expect(after.setting ?? "").toBe(settings["app.user_id"] ?? "");
            expect(await ids(client, `select id from organization_members where user_id = $1 and organization_id = $2`, [borealOwner, borealId])).toEqual([]);
          });
        }
        await asApp({}, async (client) => {
          const { rows } = await client.query<{ slug: string }>(`select slug from find_user_memberships($1)`, [auroraOwner]);
          expect(rows).toEqual([{ slug: "aurora" }]);
          expect((await client.query(`select * from find_user_memberships($1)`, [randomUUID()])).rows).toEqual([]);
          expect((await client.query(`select * from find_user_memberships(null)`)).rows).toEqual([]);
        });
      } finally {
        await db.adminQuery(`delete from organization_members where id = $1`, [membershipId]);
      }
    });

    it("find_whatsapp_connection returns one connection's routing secrets for its exact key, and leaves the caller's context as it was", async () => {
      const [aurora] = await db.adminQuery<{ id: string; connection_key: string; app_secret: string; verify_token: string }>(
        `select id, connection_key, app_secret, verify_token from whatsapp_connections where organization_id = $1`,
        [auroraId],
      );
      const contexts: Settings[] = [{}, { "app.organization_id": borealId }, { "app.whatsapp_connection_key": "demo-boreal-whatsapp" }];
      for (const settings of contexts) {
        await asApp(settings, async (client) => {
          const { rows } = await client.query(`select * from find_whatsapp_connection($1)`, [aurora.connection_key]);
          expect(rows, JSON.stringify(settings)).toEqual([
            { id: aurora.id, organization_id: auroraId, app_secret: aurora.app_secret, verify_token: aurora.verify_token, organization_deleted_at: null },
          ]);
          // The key setting would otherwise outlive the call and show the row (access token included) to what the caller reads next.
          const [after] = (await client.query<{ setting: string | null }>(`select current_setting('app.whatsapp_connection_key', true) as setting`)).rows;
          expect(after.setting ?? "").toBe(settings["app.whatsapp_connection_key"] ?? "");
          expect(await ids(client, `select id from whatsapp_connections where id = $1`, [aurora.id])).toEqual([]);
        });
      }
      await asApp({}, async (client) => {
        for (const probe of ["%", "demo-%", aurora.connection_key.slice(0, -1), aurora.connection_key.toUpperCase(), ""]) {
          expect((await client.query(`select * from find_whatsapp_connection($1)`, [probe])).rows, probe).toEqual([]);
        }
        expect((await client.query(`select * from find_whatsapp_connection(null)`)).rows).toEqual([]);
      });
    });

    it("find_twilio_connection returns one connection's account and sealed token for its exact key, and leaves the caller's context as it was", async () => {
      const [aurora] = await db.adminQuery<{ id: string; connection_key: string; account_sid: string; auth_token: string }>(
        `select id, connection_key, account_sid, auth_token from twilio_connections where organization_id = $1 order by created_at limit 1`,
        [auroraId],
      );
      for (const settings of [{}, { "app.organization_id": borealId }, { "app.twilio_connection_key": "not-a-real-twilio-key" }] as Settings[]) {
        await asApp(settings, async (client) => {
          const { rows } = await client.query(`select * from find_twilio_connection($1)`, [aurora.connection_key]);
          expect(rows, JSON.stringify(settings)).toEqual([
            { id: aurora.id, organization_id: auroraId, account_sid: aurora.account_sid, auth_token: aurora.auth_token, organization_deleted_at: null },
          ]);
          const [after] = (await client.query<{ setting: string | null }>(`select current_setting('app.twilio_connection_key', true) as setting`)).rows;
          expect(after.setting ?? "").toBe(settings["app.twilio_connection_key"] ?? "");
          expect(await ids(client, `select id from twilio_connections where id = $1`, [aurora.id])).toEqual([]);
        });
      }
      await asApp({}, async (client) => {
        for (const probe of ["%", "demo-%", aurora.connection_key.slice(0, -1), aurora.connection_key.toUpperCase(), ""]) {
          expect((await client.query(`select * from find_twilio_connection($1)`, [probe])).rows, probe).toEqual([]);
        }
      });
    });

    it("the connection key policy opens one connection for reading only, and nothing else", async () => {
      const [aurora] = await db.adminQuery<{ id: string; connection_key: string }>(`select id, connection_key from whatsapp_connections where organization_id = $1`, [auroraId]);
      await asApp({ "app.whatsapp_connection_key": aurora.connection_key }, async (client) => {
        expect(await ids(client, `select id from whatsapp_connections`)).toEqual([aurora.id]);
        expect(await ids(client, `select id from whatsapp_phone_numbers`)).toEqual([]);
        expect(await ids(client, `select id from whatsapp_templates`)).toEqual([]);
        expect((await client.query(`update whatsapp_connections set name = 'x' where id = $1`, [aurora.id])).rowCount).toBe(0);
        expect((await client.query(`delete from whatsapp_connections where id = $1`, [aurora.id])).rowCount).toBe(0);
      });
      const [row] = await db.adminQuery<{ name: string }>(`select name from whatsapp_connections where id = $1`, [aurora.id]);
      expect(row.name).not.toBe("x");
    });

    it("taken_organization_slugs answers only for the slugs asked, exactly", async () => {
      await asApp({}, async (client) => {
        const { rows } = await client.query<{ slug: string }>(`select slug from taken_organization_slugs($1) as slug`, [
          ["aurora", "no-such-org", "%", "bor%"],
        ]);
        expect(rows.map((r) => r.slug)).toEqual(["aurora"]);
      });
    });

    it("find_invite_by_token_hash shows one invitation for its exact token hash", async () => {
      const invite = { id: randomUUID(), tokenHash: sha256(`invite-${randomUUID()}`) };
      await db.adminQuery(
        `insert into organization_invites (id, organization_id, invited_by_id, email, role, status, token_hash, expires_at, sent_count, created_at, updated_at)
         values ($1, $2, $3, 'owner@boreal.test', 'member', 'pending', $4, now() + interval '7 days', 1, now(), now())`,
        [invite.id, auroraId, auroraOwner, invite.tokenHash],
      );
      await asApp({}, async (client) => {
        const { rows } = await client.query(`select * from find_invite_by_token_hash($1)`, [invite.tokenHash]);
        expect(rows).toEqual([
          expect.objectContaining({ email: "owner@boreal.test", organization_slug: "aurora", has_account: true, status: "pending" }),
        ]);
        for (const probe of ["%", invite.tokenHash.slice(0, 10) + "%", "", sha256("other")]) {
          expect((await client.query(`select * from find_invite_by_token_hash($1)`, [probe])).rows, probe).toEqual([]);
        }
      });
    });
  });
});
