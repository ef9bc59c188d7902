import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@db/embedded-postgres";
import { migrateDatabase } from "@db/migrate";
import { seedDemo } from "@db/seeds/seed-demo";
import { closeRealtime } from "~/modules/realtime/realtime.server";
import { closeOrm } from "~/utils/db.server";
import { resetEnv } from "~/utils/env.server";
import { moveCard } from "../board/support";
import { openStream } from "../realtime/helpers";
import { TestClient } from "../support/client";
import { TEST_SECRETS } from "../support/cluster";
import { useTestServer } from "../support/server";

/**
 * Production runs on a configured PostgreSQL that an operator may restart.
 * Its own cluster here (the shared one serves every other test file): the
 * pool and the realtime listener must come back by themselves, and a browser's
 * open event stream must keep going, not silently stop.
 */
describe("a PostgreSQL restart under a configured database", () => {
  let dir = "";
  let database: EmbeddedDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "loved-restart-"));
    await chmod(dir, 0o777);
    database = await startEmbeddedPostgres({
      dataDir: path.join(dir, "pg"),
      database: "loved_restart",
      passwords: { superuser: "restart-superuser", owner: "restart-owner", app: "restart-app" },
      persistent: false,
    });
    Object.assign(process.env, TEST_SECRETS, {
      DATABASE_URL: database.appUrl,
      DATABASE_OWNER_URL: database.ownerUrl,
      DATA_DIR: path.join(dir, "data"),
      APP_URL: "http://localhost:3000",
    });
    delete process.env.REDIS_URL; // the PostgreSQL LISTEN/NOTIFY bus: it loses its connection in the restart too
    resetEnv();
    await migrateDatabase({ ownerUrl: database.ownerUrl, appUrl: database.appUrl });
    await seedDemo();
  });

  afterAll(async () => {
    await closeRealtime();
    await closeOrm();
    resetEnv();
    await database?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  // Registered after the cluster's hooks: it starts once the environment points at this cluster, and closes before it stops.
  const server = useTestServer();

  async function someLeadAndOtherStage() {
    const client = new pg.Client({ connectionString: database.superuserUrl.replace(/\/postgres$/, "/loved_restart") });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; version: number; stage_id: string; other_stage: string }>(
        `select l.id, l.version, l.stage_id,
                (select s.id from pipeline_stages s where s.organization_id = l.organization_id and s.is_active and s.id <> l.stage_id limit 1) as other_stage
           from leads l join organizations o on o.id = l.organization_id
          where o.slug = 'aurora' and l.status = 'active' limit 1`,
      );
      return rows[0];
    } finally {
      await client.end();
    }
  }

  it("moves work again once the server is back, and the open stream delivers them", async () => {
    const owner = new TestClient(server);
    await owner.login("owner@aurora.test");
    const stream = await openStream(server.url, owner, "aurora");
    expect(stream.status).toBe(200);
    const lead = await someLeadAndOtherStage();

    await database.restart();

    // Pooled connections died with the server; each try is a fresh request, as a rep retrying would send.
    let moved = await moveCard(owner, lead.id, lead.other_stage, null, lead.version);
    const deadline = Date.now() + 20_000;
    while (moved.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      moved = await moveCard(owner, lead.id, lead.other_stage, null, lead.version);
    }
    expect(moved.status).toBe(200);

    await stream.until(
      () => stream.ofType("lead.moved").some((event) => stream.json<{ leadId: string }>(event).leadId === lead.id),
      15_000,
      "the move on the stream opened before the restart",
    );
    expect(stream.endedByServer).toBe(false);
    stream.close();
  });
});
