import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_WHATSAPP_CONNECTIONS } from "@db/seeds/demo-whatsapp";
import { graphStandInInfoFile, startGraphStandIn, type GraphStandIn } from "~/server/graph-stand-in";
import { createGraphClient } from "~/modules/whatsapp/graph-client.server";
import { parseWhatsAppWebhook } from "~/modules/whatsapp/webhook-payload.server";
import { verifyWhatsAppSignature } from "~/modules/whatsapp/webhook-signature.server";

const aurora = DEMO_WHATSAPP_CONNECTIONS.aurora;

/** `npm run whatsapp:simulate` against a loopback receiver standing in for the app's webhook route. */
describe("whatsapp:simulate", () => {
  let dataDir: string;
  let standIn: GraphStandIn;
  let app: Server;
  let appPort = 0;
  let answerStatus = 200;
  const received: { path: string; raw: Buffer; signature: string | undefined }[] = [];

  function simulate(args: string[], env: Record<string, string> = {}) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "app/server/whatsapp-simulate.ts", ...args],
        { env: { ...process.env, APP_URL: "", PORT: String(appPort), DATA_DIR: dataDir, ...env }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "simulate-"));
    standIn = await startGraphStandIn({ accounts: [aurora, DEMO_WHATSAPP_CONNECTIONS.boreal] });
    await writeFile(graphStandInInfoFile(dataDir), JSON.stringify({ url: standIn.url }));
    app = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ path: request.url ?? "", raw: Buffer.concat(chunks), signature: request.headers["x-hub-signature-256"] as string | undefined });
        response.writeHead(answerStatus).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    appPort = (app.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await standIn.close();
    await new Promise((resolve) => app.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  it("posts a signed text webhook from a formatted number to the organization's connection", async () => {
    received.length = 0;
    const run = await simulate(["--to", "aurora", "--from", "+55 11 98765-4321", "--text", "Oi, quero um orçamento", "--name", "Maria"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("+5511987654321");
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe(`/webhooks/whatsapp/${aurora.connectionKey}`);
    expect(verifyWhatsAppSignature(received[0].raw, received[0].signature, aurora.appSecret)).toBe(true);
    expect(parseWhatsAppWebhook(JSON.parse(received[0].raw.toString("utf8")))).toEqual([
      {
        kind: "message",
        phoneNumberId: aurora.phoneNumbers[0].id,
        displayPhoneNumber: "551140000001",
        contact: { waId: "5511987654321", profileName: "Maria" },
        message: { id: expect.stringMatching(/^wamid\./), from: "5511987654321", timestamp: expect.any(Date), type: "text", body: "Oi, quero um orçamento" },
        dedupKey: expect.stringMatching(/^wamid\./),
      },
    ]);
  });

  it("hands an image to the stand-in, which then serves it to the organization's token", async () => {
    received.length = 0;
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const file = path.join(dataDir, "fachada.png");
    await writeFile(file, bytes);
    const run = await simulate(["--to", "aurora", "--from", "5511987654321", "--image", file, "--text", "Nossa fachada"]);
    expect(run.stderr).toBe("");
    const [item] = parseWhatsAppWebhook(JSON.parse(received[0].raw.toString("utf8")));
    expect(item).toMatchObject({ kind: "message", message: { type: "image", mimeType: "image/png", caption: "Nossa fachada" } });
    if (item.kind !== "message" || item.message.type !== "image") throw new Error("expected an image message");

    const client = createGraphClient({ baseUrl: standIn.url, version: "v21.0", accessToken: aurora.accessToken });
    const media = await client.getMedia(item.message.mediaId);
    expect(media.sha256).toBe(item.message.sha256);
    const download = await client.downloadMedia(media.url, { maxBytes: 1024 });
    expect(Buffer.from(await new Response(download.body).arrayBuffer())).toEqual(bytes);
    const other = createGraphClient({ baseUrl: standIn.url, version: "v21.0", accessToken: DEMO_WHATSAPP_CONNECTIONS.boreal.accessToken });
    await expect(other.getMedia(item.message.mediaId)).rejects.toMatchObject({ status: 400, code: 100 });
  });

  it("says in one line what is wrong", async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["--to", "nowhere", "--from", "+5511987654321", "--text", "oi"], {}, /unknown organization "nowhere"/],
      [["--to", "aurora", "--from", "abc", "--text", "oi"], {}, /not a phone number/],
      [["--to", "aurora", "--from", "+5511987654321"], {}, /usage:/],
      [["--to", "aurora", "--from", "+5511987654321", "--image", path.join(dataDir, "missing.png")], {}, /missing\.png: file not found/],
      [["--to", "aurora", "--from", "+5511987654321", "--image", path.join(dataDir, "fachada.png")], { DATA_DIR: path.join(dataDir, "empty") }, /graph-stand-in\.json not found/],
      [["--to", "aurora", "--from", "+5511987654321", "--text", "oi"], { PORT: "9" }, /not answering at http:\/\/127\.0\.0\.1:9/],
    ];
    for (const [args, env, expected] of cases) {
      const run = await simulate(args, env);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(expected);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
    answerStatus = 401;
    const refused = await simulate(["--to", "aurora", "--from", "+5511987654321", "--text", "oi"]);
    answerStatus = 200;
    expect(refused.stderr).toMatch(/answered HTTP 401/);
  });
});
