import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { expectNoDetails, send } from "./edge-support";

/** An error as a database driver throws it: SQL in the message, file paths in the stack. */
function databaseFault() {
  const error = new Error('syntax error at or near "from" in select * from users where email = $1');
  error.stack = `${error.message}\n    at Parser.parseErrorMessage (/srv/app/node_modules/pg-protocol/dist/parser.js:283:98)\n    at getLead (/srv/app/app/modules/leads/get-lead.server.ts:12:3)`;
  return error;
}

/** The real build with the loaders of the login page and of /healthz failing the way a broken query fails. */
function withFaultyLoaders(build: ServerBuild): ServerBuild {
  const routes = { ...build.routes };
  for (const id of ["routes/login", "routes/healthz"]) {
    routes[id] = { ...routes[id], module: { ...routes[id].module, loader: () => Promise.reject(databaseFault()) } };
  }
  return { ...build, routes };
}

describe("the HTTP edge's error answers", () => {
  useTestDatabase();

  describe("error answers show no internals", () => {
    const server = useTestServer();

    it.each([
      ["a Host that makes no URL", { path: "/", headers: { host: "[" } }],
      ["a path with a broken % escape", { path: "/%E0%A4%A" }],
      ["a broken % escape in an organization path", { path: "/o/%E0%A4%A/board" }],
      ["a broken % escape in a post", { method: "POST", path: "/login/%E0%A4%A", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=b" }],
    ])("answers %s with a plain 400", async (_label, request) => {
      const answer = await send(server, request);
      expect(answer.status).toBe(400);
      expect(answer.headers["content-type"]).toMatch(/^text\/plain/);
      expect(answer.body).toBe("Requisição inválida.");
      expectNoDetails(answer.body);
    });

    it.each(["/healthz", "/", "/o/aurora/board/cards"])("answers a post to %s, which takes none, without Remix's internal message", async (path) => {
      const client = new TestClient(server);
      await client.login("viewer@aurora.test");
      const answer = await client.request(path, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body).not.toContain("did not provide an `action`");
      expect(answer.body).not.toContain("node_modules");
    });

    it.each([
      ["urlencoded with broken escapes", "application/x-www-form-urlencoded", "email=%E0%A4%A&password=%"],
      ["urlencoded in an unknown charset", "application/x-www-form-urlencoded; charset=klingon", "email=a"],
      ["multipart without a boundary", "multipart/form-data", "--x\r\n"],
      ["no content type", "", "email=a"],
    ])("never answers 500 to a post of %s", async (_label, contentType, body) => {
      for (const path of ["/login", "/signup", "/locale", "/logout"]) {
        const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
        const answer = await send(server, { method: "POST", path, headers, body });
        expect(answer.status, path).toBeLessThan(500);
      }
    });
  });

  describe("a loader that fails unexpectedly", () => {
    const server = useTestServer({ build: withFaultyLoaders });

    it("renders the generic error page, without the error", async () => {
      const answer = await new TestClient(server).get("/login");
      expect(answer.status).toBe(500);
      expect(answer.body).toContain("Algo deu errado do nosso lado.");
      for (const detail of ["syntax error", "select *", "node_modules", "get-lead.server.ts", "/srv/app"]) expect(answer.body).not.toContain(detail);
    });

    it("answers a resource route with no details", async () => {
      const answer = await new TestClient(server).get("/healthz");
      expect(answer.status).toBe(500);
      for (const detail of ["syntax error", "select *", "node_modules", "stack", "/srv/app"]) expect(answer.body).not.toContain(detail);
    });
  });
});
