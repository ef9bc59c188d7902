import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { alertTexts, countRows } from "../auth/helpers";

describe("starting organizations from the switcher", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  it("lets one person start ten a day, then answers 429 with Retry-After and creates nothing", async () => {
    const founder = new TestClient(server);
    const email = `founder-${randomUUID().slice(0, 8)}@example.test`;
    await founder.post("/signup", { name: "Ana Souza", email, password: "senha-forte-123", organization: `Primeira ${randomUUID().slice(0, 6)}` });
    const ownedBy = () => countRows(db, "organization_members m join users u on u.id = m.user_id", "u.email = $1", [email]);
    expect(await ownedBy()).toBe(1);

    for (let n = 0; n < 10; n++) {
      expect((await founder.post("/organizations/new", { organization: `Agência ${n} ${randomUUID().slice(0, 6)}` })).status).toBe(302);
    }
    const refused = await founder.post("/organizations/new", { organization: `Agência 11 ${randomUUID().slice(0, 6)}` });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(alertTexts(refused.body)).toEqual([expect.stringMatching(/^Muitas tentativas\. Aguarde [\d.]+ minutos? e tente novamente\.$/)]);
    expect(await ownedBy()).toBe(11);
  });
});
