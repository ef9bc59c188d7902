import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { signUpOrganization } from "../security/streams-factories";

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose: string;
}

const ROSE = [0xe1, 0x1d, 0x48];

/** An icon's size and pixels, read back from the PNG (8-bit truecolor, filter 0 rows, as the app writes them). */
function decodePng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString("ascii", 12, 16)).toBe("IHDR");
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([...png.subarray(24, 29)]).toEqual([8, 2, 0, 0, 0]);
  const idatLength = png.readUInt32BE(33);
  expect(png.toString("ascii", 37, 41)).toBe("IDAT");
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  const pixel = (x: number, y: number) => [...raw.subarray(y * (1 + width * 3) + 1 + x * 3, y * (1 + width * 3) + 4 + x * 3)];
  return { width, height, pixel };
}

async function fetchPng(server: { url: string }, src: string) {
  const response = await fetch(server.url + src);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/png");
  expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  return Buffer.from(await response.arrayBuffer());
}

describe("the web app manifest", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  it("declares a standalone app at / in Portuguese by default, with the brand colours and shortcuts", async () => {
    const response = await new TestClient(server).get("/manifest.webmanifest");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/manifest+json");
    const manifest = JSON.parse(response.body) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      lang: "pt-BR",
      name: "Loved CRM",
      short_name: "Loved",
      start_url: "/",
      scope: "/",
      display: "standalone",
      theme_color: "#e11d48",
      background_color: "#ffffff",
    });
    expect((manifest.shortcuts as { name: string; url: string }[]).map(({ name, url }) => ({ name, url }))).toEqual([
      { name: "Quadro", url: "/" },
      { name: "Meus leads", url: "/?assignee=mine" },
    ]);
  });

  it("speaks English to an English reader", async () => {
    const response = await new TestClient(server).request("/manifest.webmanifest", { headers: { "accept-language": "en-US,en;q=0.9" } });
    const manifest = JSON.parse(response.body) as { lang: string; shortcuts: { name: string }[] };
    expect(manifest.lang).toBe("en");
    expect(manifest.shortcuts.map((shortcut) => shortcut.name)).toEqual(["Board", "My leads"]);
  });

  it("lists 192 and 512 px icons for any purpose and maskable ones, each a PNG of its declared size", async () => {
    const { icons } = JSON.parse((await new TestClient(server).get("/manifest.webmanifest")).body) as { icons: ManifestIcon[] };
    expect(icons.map(({ sizes, purpose }) => `${sizes} ${purpose}`).sort()).toEqual(["192x192 any", "192x192 maskable", "512x512 any", "512x512 maskable"]);
    for (const icon of icons) {
      expect(icon.type).toBe("image/png");
      const { width, height, pixel } = decodePng(await fetchPng(server, icon.src));
      expect(`${width}x${height}`).toBe(icon.sizes);
      expect(pixel(width / 2, height / 2)).toEqual([255, 255, 255]);
      expect(pixel(0, 0)).toEqual(ROSE);
    }
  });

  it("keeps the maskable icons' heart inside the 80 % safe zone", async () => {
    const { width, pixel } = decodePng(await fetchPng(server, "/icons/maskable-512.png"));
    const centre = width / 2;
    const outside: string[] = [];
    for (let y = 0; y < width; y++) {
      for (let x = 0; x < width; x++) {
        if (Math.hypot(x + 0.5 - centre, y + 0.5 - centre) > 0.4 * width && pixel(x, y).join() !== ROSE.join()) outside.push(`${x},${y}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it("is linked from every page, with the Apple touch icon and theme colour", async () => {
    const response = await new TestClient(server).get("/login");
    expect(response.body).toMatch(/<link rel="manifest" href="\/manifest.webmanifest" crossorigin="use-credentials"\/>/);
    expect(response.body).toContain('<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>');
    expect(response.body).toContain('<meta name="theme-color" content="#e11d48"/>');
    const { width, height } = decodePng(await fetchPng(server, "/icons/apple-touch-icon.png"));
    expect([width, height]).toEqual([180, 180]);
  });

  it("answers an unknown icon with 404", async () => {
    expect((await new TestClient(server).get("/icons/icon-1024.png")).status).toBe(404);
  });

  it("opens the 'my leads' shortcut on the person's board filtered to their leads", async () => {
    const organization = await signUpOrganization(server, db);
    const response = await organization.owner.get("/?assignee=mine");
    expect(response.status).toBe(302);
    expect(response.location).toBe(`/o/${organization.slug}/board?assignee=mine`);
    expect((await new TestClient(server).get("/?assignee=mine")).location).toBe("/login");
  });
});
