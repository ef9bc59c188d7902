import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { signUpOrganization } from "../security/streams-factories";

/** The organization's header, as OrgHeader renders it (its navigation landmark and board link). */
function hasOrganizationFrame(body: string, slug: string) {
  return /<header[\s>]/.test(body) && body.includes(`href="/o/${slug}/board"`) && /<nav aria-label="[^"]+"/.test(body);
}

describe("errors under an organization", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  it("answer a missing lead with 404 inside the organization's frame, in the reader's language", async () => {
    const organization = await signUpOrganization(server, db);
    const response = await organization.owner.get(`/o/${organization.slug}/leads/${randomUUID()}`);
    expect(response.status).toBe(404);
    expect(hasOrganizationFrame(response.body, organization.slug)).toBe(true);
    expect(response.body).toContain('data-testid="route-error"');
    expect(response.body).toContain("Não encontramos esta página.");
    expect(response.body).toContain("Voltar ao quadro");
  });

  it("answer a malformed lead id the same way", async () => {
    const organization = await signUpOrganization(server, db);
    await organization.owner.post("/locale", { locale: "en" });
    const response = await organization.owner.get(`/o/${organization.slug}/leads/not-a-uuid`);
    expect(response.status).toBe(404);
    expect(hasOrganizationFrame(response.body, organization.slug)).toBe(true);
    expect(response.body).toContain('<html lang="en"');
    expect(response.body).toContain("Back to the board");
  });

  it("replace the whole page when there is no organization to frame it", async () => {
    const organization = await signUpOrganization(server, db);
    const response = await organization.owner.get(`/o/no-such-${randomUUID().slice(0, 8)}/board`);
    expect(response.status).toBe(404);
    expect(response.body).toContain('data-testid="route-error"');
    expect(response.body).not.toMatch(/<header[\s>]/);
  });

});
