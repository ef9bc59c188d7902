import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { captureLogs, type LogLine } from "../support/logs";
import { useTestServer } from "../support/server";
import { signUpOrganization } from "../security/streams-factories";

/** The healthz loader fails the way a broken query would. */
function withFaultyHealthz(build: ServerBuild): ServerBuild {
  const route = build.routes["routes/healthz"];
  const fault = new Error("relation \"leads_typo\" does not exist");
  return { ...build, routes: { ...build.routes, "routes/healthz": { ...route, module: { ...route.module, loader: () => Promise.reject(fault) } } } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const logs = captureLogs();
const accessLines = (requestId: string | null) => logs.filter((line) => line.msg === "request" && line.requestId === requestId);

/** The access line is written when the response closes, a moment after the client has read it. */
async function accessLineOf(requestId: string | null): Promise<LogLine> {
  for (let attempt = 0; attempt < 100 && accessLines(requestId).length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(accessLines(requestId)).toHaveLength(1);
  return accessLines(requestId)[0];
}

describe("request logs", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  it("writes one JSON line per request with its id, status, duration, organization and user", async () => {
    const organization = await signUpOrganization(server, db);
    const response = await organization.owner.get(`/o/${organization.slug}/board?q=secret-search`);
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(UUID);

    const line = await accessLineOf(requestId);
    expect(line).toMatchObject({
      level: "info",
      component: "web",
      method: "GET",
      path: `/o/${organization.slug}/board`,
      status: 200,
      organizationId: organization.id,
      userId: organization.ownerId,
    });
    expect(typeof line.durationMs).toBe("number");
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(logs)).not.toContain("secret-search");
  });

  it("keeps a caller's plain request id and replaces one carrying anything else", async () => {
    const client = new TestClient(server);
    const kept = await client.request("/healthz", { headers: { "x-request-id": "edge-7f3a9c.1" } });
    expect(kept.headers.get("x-request-id")).toBe("edge-7f3a9c.1");
    expect(await accessLineOf("edge-7f3a9c.1")).toMatchObject({ path: "/healthz", status: 200 });

    const junk = `abc", "userId": "forged ${"x".repeat(80)}`;
    const replaced = await client.request("/healthz", { headers: { "x-request-id": junk } });
    const requestId = replaced.headers.get("x-request-id");
    expect(requestId).toMatch(UUID);
    const line = await accessLineOf(requestId);
    expect(line.userId).toBeUndefined();
    expect(JSON.stringify(logs)).not.toContain("forged");
  });

  it("leaves an invitation link's token out of the logged path", async () => {
    const token = "inv-token-that-must-not-be-logged";
    const response = await new TestClient(server).get(`/invites/${token}`);
    const line = await accessLineOf(response.headers.get("x-request-id"));
    expect(line.path).toBe("/invites/:token");
    expect(JSON.stringify(logs)).not.toContain(token);
  });

  it("leaves a webhook URL's connection key and a verification's token out of the log", async () => {
    const key = "connection-key-that-must-not-be-logged";
    const response = await new TestClient(server).get(`/webhooks/whatsapp/${key}?hub.mode=subscribe&hub.verify_token=secret-verify-token&hub.challenge=1`);
    const line = await accessLineOf(response.headers.get("x-request-id"));
    expect(line.path).toBe("/webhooks/whatsapp/:connectionKey");
    expect(JSON.stringify(logs)).not.toContain(key);
    expect(JSON.stringify(logs)).not.toContain("secret-verify-token");
  });
});

describe("a failing request", () => {
  useTestDatabase();
  const server = useTestServer({ build: withFaultyHealthz });

  it("logs the error with its stack under the request's id, and answers without it", async () => {
    const response = await new TestClient(server).get("/healthz");
    expect(response.status).toBe(500);
    expect(response.body).not.toContain("leads_typo");
    const requestId = response.headers.get("x-request-id");
    expect((await accessLineOf(requestId)).status).toBe(500);
    const failure = logs.find((line) => line.level === "error" && line.requestId === requestId);
    expect(failure).toMatchObject({ component: "web", err: { message: 'relation "leads_typo" does not exist' } });
    expect((failure!.err as { stack: string }).stack).toMatch(/\n\s+at /);
  });
});
