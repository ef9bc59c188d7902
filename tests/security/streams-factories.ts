import { randomUUID } from "node:crypto";
import { hashPassword } from "~/utils/password.server";
import type { Role } from "~/lib/permissions";
import { postBoard } from "../board/support";
import { TestClient } from "../support/client";
import type { TestDatabase } from "../support/database";
import type { TestServer } from "../support/server";

const PASSWORD = "senha-forte-123";

export interface TestOrganization {
  id: string;
  slug: string;
  owner: TestClient;
  ownerId: string;
}

/** A fresh organization signed up over HTTP; its owner is signed in. */
export async function signUpOrganization(server: TestServer, db: TestDatabase, name = `Agência ${randomUUID().slice(0, 8)}`): Promise<TestOrganization> {
  const owner = new TestClient(server);
  const email = `owner-${randomUUID().slice(0, 8)}@example.com`;
  const response = await owner.post("/signup", { name: "Dona Teste", email, password: PASSWORD, organization: name });
  if (response.status !== 302) throw new Error(`sign-up failed: ${response.status}`);
  const slug = /^\/o\/([^/]+)\/board$/.exec(response.location ?? "")![1];
  const [row] = await db.adminQuery<{ id: string; user_id: string }>(
    `select o.id, m.user_id from organizations o join organization_members m on m.organization_id = o.id where o.slug = $1`,
    [slug],
  );
  return { id: row.id, slug, owner, ownerId: row.user_id };
}

/** A new user with this role in the organization, signed in over HTTP. */
export async function addMember(server: TestServer, db: TestDatabase, organizationId: string, role: Role) {
  const userId = randomUUID();
  const email = `${role}-${userId.slice(0, 8)}@example.com`;
  await db.adminQuery(
    `insert into users (id, email, password_hash, full_name, created_at, updated_at) values ($1, $2, $3, $4, now(), now())`,
    [userId, email, await hashPassword(PASSWORD), `Pessoa ${role}`],
  );
  const [membership] = await db.adminQuery<{ id: string }>(
    `insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at)
     values (gen_random_uuid(), $1, $2, $3, now(), now()) returning id`,
    [organizationId, userId, role],
  );
  const client = new TestClient(server);
  await client.login(email, PASSWORD);
  return { client, userId, membershipId: membership.id };
}

/** A lead in the organization's first stage, created over HTTP by a client allowed to. */
export async function createLead(db: TestDatabase, client: TestClient, organization: { id: string; slug: string }) {
  const [stage] = await db.adminQuery<{ id: string }>(
    `select id from pipeline_stages where organization_id = $1 and is_active order by position limit 1`,
    [organization.id],
  );
  const created = await postBoard(client, organization.slug, { intent: "create", stageId: stage.id, fullName: `Lead ${randomUUID().slice(0, 6)}` });
  if (created.status !== 200) throw new Error(`lead creation failed: ${created.status}`);
  return (created.body.card as { id: string }).id;
}
