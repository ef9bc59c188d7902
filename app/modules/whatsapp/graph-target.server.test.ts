import { afterEach, describe, expect, it } from "vitest";
import { resetEnv } from "~/utils/env.server";
import { graphTargetOf } from "./graph-target.server";

const BASE = {
  DATABASE_URL: "postgres://app@localhost/unused",
  SESSION_SECRET: "s".repeat(32),
  ENCRYPTION_KEY: "ab".repeat(32),
};

describe("graphTargetOf", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnv();
  });

  function withEnv(env: Record<string, string>) {
    process.env = { ...saved, ...BASE };
    delete process.env.WHATSAPP_GRAPH_URL;
    delete process.env.WHATSAPP_GRAPH_VERSION;
    delete process.env.WHATSAPP_STAND_IN_URL;
    Object.assign(process.env, env);
    resetEnv();
  }

  it("defaults to Meta's Graph API at v21.0 for every connection", () => {
    withEnv({});
    expect(graphTargetOf({ demo: false })).toEqual({ baseUrl: "https://graph.facebook.com", version: "v21.0" });
    expect(graphTargetOf({ demo: true })).toEqual({ baseUrl: "https://graph.facebook.com", version: "v21.0" });
  });

  it("sends demo connections to the stand-in, and real ones never", () => {
    withEnv({ WHATSAPP_STAND_IN_URL: "http://127.0.0.1:4010/" });
    expect(graphTargetOf({ demo: true })).toEqual({ baseUrl: "http://127.0.0.1:4010", version: "v21.0" });
    expect(graphTargetOf({ demo: false })).toEqual({ baseUrl: "https://graph.facebook.com", version: "v21.0" });
  });

  it("follows WHATSAPP_GRAPH_URL and WHATSAPP_GRAPH_VERSION", () => {
    withEnv({ WHATSAPP_GRAPH_URL: "http://127.0.0.1:5000", WHATSAPP_GRAPH_VERSION: "v22.0" });
    expect(graphTargetOf({ demo: false })).toEqual({ baseUrl: "http://127.0.0.1:5000", version: "v22.0" });
  });

  it("refuses a version that is not vN.N", () => {
    withEnv({ WHATSAPP_GRAPH_VERSION: "21" });
    expect(() => graphTargetOf({ demo: false })).toThrow(/WHATSAPP_GRAPH_VERSION/);
  });
});
