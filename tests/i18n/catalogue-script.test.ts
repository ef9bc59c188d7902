import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { en } from "~/i18n/messages/en";
import { ptBR } from "~/i18n/messages/pt-BR";
import { TestClient } from "../support/client";
import { useTestServer } from "../support/server";

const scriptSrc = (body: string) => /<script nonce="[^"]+" src="(\/i18n\/[^"]+)"><\/script>/.exec(body)?.[1];

/** Runs a catalogue script as the browser would and returns what it left on `window`. */
function runScript(body: string) {
  const window: Record<string, unknown> = {};
  runInNewContext(body, { window });
  return window.__lovedMessages as Record<string, unknown>;
}

/**
 * The messages travel as one cacheable script per language, not inside every
 * document and root revalidation (~18 KB each time).
 */
describe("the interface language's messages", () => {
  const server = useTestServer();

  it("come from a versioned script in the head that the browser keeps for good", async () => {
    const visitor = new TestClient(server);
    const page = await visitor.get("/login");
    const src = scriptSrc(page.body);
    expect(src).toMatch(/^\/i18n\/pt-BR\.js\?v=[0-9a-f]{12}$/);
    expect(page.body.indexOf(src!)).toBeLessThan(page.body.indexOf("</head>"));
    // A message the login page does not show: the document no longer carries the catalogue.
    expect(page.body).not.toContain(ptBR["board.tooManyIds"].slice(0, 30));

    const script = await visitor.get(src!);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(runScript(script.body)).toEqual({ "pt-BR": ptBR });
  });

  it("follow the reader's language", async () => {
    const visitor = new TestClient(server);
    const page = await visitor.request("/login", { headers: { "accept-language": "en-US,en;q=0.9" } });
    const src = scriptSrc(page.body)!;
    expect(src).toMatch(/^\/i18n\/en\.js\?v=/);
    expect(runScript((await visitor.get(src)).body)).toEqual({ en });
  });

  it("are served uncached for an outdated version, and not at all for an unknown language", async () => {
    const visitor = new TestClient(server);
    const stale = await visitor.get("/i18n/pt-BR.js?v=000000000000");
    expect(stale.status).toBe(200);
    expect(stale.headers.get("cache-control")).toBe("no-cache");
    for (const path of ["/i18n/xx.js", "/i18n/pt-BR", "/i18n/constructor.js", "/i18n/pt-BR.js.map"]) {
      expect((await visitor.get(path)).status, path).toBe(404);
    }
  });

  it("are inline on a page no route matches (no loader runs there)", async () => {
    const visitor = new TestClient(server);
    const page = await visitor.get("/no-such-page");
    expect(page.status).toBe(404);
    expect(scriptSrc(page.body)).toBeUndefined();
    const inline = /<script nonce="[^"]+">(\(window\.__lovedMessages[\s\S]*?)<\/script>/.exec(page.body)?.[1];
    expect(runScript(inline!)).toEqual({ "pt-BR": ptBR });
  });
});
