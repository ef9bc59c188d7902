import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_WHATSAPP_CONNECTIONS } from "@db/seeds/demo-whatsapp";
import { startGraphStandIn, type GraphStandIn } from "~/server/graph-stand-in";
import { createGraphClient, GraphApiError } from "~/modules/whatsapp/graph-client.server";
import { verifyWhatsAppSignature } from "~/modules/whatsapp/webhook-signature.server";
import { parseWhatsAppWebhook } from "~/modules/whatsapp/webhook-payload.server";

const aurora = DEMO_WHATSAPP_CONNECTIONS.aurora;
const boreal = DEMO_WHATSAPP_CONNECTIONS.boreal;
const PHONE = aurora.phoneNumbers[0].id;
const CUSTOMER = "5511987654321";

/** A loopback stand-in for the app's webhook route: records each delivery with its raw bytes. */
async function startReceiver(port = 0) {
  const received: { raw: Buffer; signature: string | undefined }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ raw: Buffer.concat(chunks), signature: request.headers["x-hub-signature-256"] as string | undefined });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}/webhooks/whatsapp/${aurora.connectionKey}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function rejection(promise: Promise<unknown>): Promise<GraphApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GraphApiError);
  return error as GraphApiError;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("Graph client against the Graph stand-in", () => {
  let standIn: GraphStandIn;
  const client = () => createGraphClient({ baseUrl: standIn.url, version: "v21.0", accessToken: aurora.accessToken });

  beforeAll(async () => {
    standIn = await startGraphStandIn({
      accounts: [aurora, boreal].map(({ wabaId, accessToken, phoneNumbers, templates }) => ({ wabaId, accessToken, phoneNumbers, templates })),
      templatePageSize: 3,
      mediaUrlTtlMs: 200,
    });
  });
  afterAll(() => standIn.close());
  afterEach(() => {
    standIn.sent.length = 0;
  });

  it("sends a text in Graph's wire format with the bearer token and returns the wamid", async () => {
    const { messageId } = await client().sendMessage(PHONE, { type: "text", to: CUSTOMER, body: "Olá! Recebemos seu pedido." });
    expect(messageId).toMatch(/^wamid\./);
    expect(standIn.sent).toEqual([
      {
        route: "messages",
        method: "POST",
        path: `/v21.0/${PHONE}/messages`,
        token: aurora.accessToken,
        body: { messaging_product: "whatsapp", recipient_type: "individual", to: CUSTOMER, type: "text", text: { body: "Olá! Recebemos seu pedido.", preview_url: false } },
      },
    ]);
  });

  it("sends an approved template with its body parameters, and Graph's code for a wrong parameter count", async () => {
    await client().sendMessage(PHONE, { type: "template", to: CUSTOMER, name: "retomar_contato", languageCode: "pt_BR", bodyParameters: ["Maria", "um site novo"] });
    expect(standIn.sent[0].body).toMatchObject({
      type: "template",
      template: { name: "retomar_contato", language: { code: "pt_BR" }, components: [{ type: "body", parameters: [{ type: "text", text: "Maria" }, { type: "text", text: "um site novo" }] }] },
    });
    const wrongCount = await rejection(client().sendMessage(PHONE, { type: "template", to: CUSTOMER, name: "retomar_contato", languageCode: "pt_BR", bodyParameters: ["Maria"] }));
    expect(wrongCount).toMatchObject({ status: 400, code: 132000, transient: false });
    const pending = await rejection(client().sendMessage(PHONE, { type: "template", to: CUSTOMER, name: "proposta_enviada", languageCode: "pt_BR", bodyParameters: ["Maria"] }));
    expect(pending).toMatchObject({ status: 400, code: 132001, transient: false });
  });

  it("refuses a wrong token with a permanent 190 and never puts the token in the message", async () => {
    const wrong = createGraphClient({ baseUrl: standIn.url, version: "v21.0", accessToken: "not-a-token" });
    const error = await rejection(wrong.sendMessage(PHONE, { type: "text", to: CUSTOMER, body: "oi" }));
    expect(error).toMatchObject({ status: 401, code: 190, transient: false });
    expect(error.fbtraceId).toEqual(expect.any(String));
    expect(error.message).not.toContain("not-a-token");
    // Another account's valid token does not reach this account's number.
    const other = createGraphClient({ baseUrl: standIn.url, version: "v21.0", accessToken: boreal.accessToken });
    expect(await rejection(other.sendMessage(PHONE, { type: "text", to: CUSTOMER, body: "oi" }))).toMatchObject({ status: 400, code: 100, subcode: 33, transient: false });
  });

  it("reads a 500 and rate limits as transient and the 24-hour window as permanent, with Graph's fields", async () => {
    standIn.failNext("messages", { status: 500 });
    expect(await rejection(client().sendMessage(PHONE, { type: "text", to: CUSTOMER, body: "oi" }))).toMatchObject({ status: 500, transient: true });

    standIn.failNext("messages", { status: 400, body: { error: { message: "(#131056) Pair rate limit hit", type: "OAuthException", code: 131056, fbtrace_id: "T1" } } });
    expect(await rejection(client().sendMessage(PHONE, { type: "text", to: CUSTOMER, body: "oi" }))).toMatchObject({ status: 400, code: 131056, transient: true });

    const windowClosed = {
      error: {
        message: "(#131047) Re-engagement message",
        type: "OAuthException",
        code: 131047,
        error_subcode: 2494010,
        error_data: { messaging_product: "whatsapp", details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
        fbtrace_id: "AbCdEf",
      },
    };
    standIn.failNext("messages", { status: 400, body: windowClosed });
    const error = await rejection(client().sendMessage(PHONE, { type: "text", to: CUSTOMER, body: "oi" }));
    expect(error).toMatchObject({ status: 400, code: 131047, subcode: 2494010, title: "OAuthException", fbtraceId: "AbCdEf", transient: false });
    expect(error.details).toContain("24 hours");
    expect(error.message).toContain("131047");
  });

  it("reads a network failure as transient", async () => {
    const down = createGraphClient({ baseUrl: "http://127.0.0.1:9", version: "v21.0", accessToken: aurora.accessToken, timeoutMs: 2_000 });
    expect(await rejection(down.getMedia("123"))).toMatchObject({ status: null, transient: true });
  });

  it("looks media up and downloads it with the bearer token only, before the URL expires", async () => {
    const bytes = Buffer.from("fake jpeg bytes for the test");
    standIn.addMedia("778899", { bytes, mimeType: "image/jpeg", wabaId: aurora.wabaId });
    const media = await client().getMedia("778899");
    expect(media).toMatchObject({ mimeType: "image/jpeg", fileSize: bytes.length });
    expect(media.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(media.url.startsWith(standIn.url)).toBe(true);

    const download = await client().downloadMedia(media.url, { maxBytes: 1024 });
    expect(download).toMatchObject({ mimeType: "image/jpeg", contentLength: bytes.length });
    expect(await readAll(download.body)).toEqual(bytes);

    const anonymous = await fetch(media.url);
    expect(anonymous.status).toBe(401);
    const otherAccount = createGraphClient({ baseUrl: standIn.url, version: "v21.0", accessToken: boreal.accessToken });
    expect(await rejection(otherAccount.downloadMedia(media.url, { maxBytes: 1024 }))).toMatchObject({ status: 401 });
    // Media of another account does not exist for this token.
    expect(await rejection(otherAccount.getMedia("778899"))).toMatchObject({ status: 400, code: 100 });

    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await rejection(client().downloadMedia(media.url, { maxBytes: 1024 }))).toMatchObject({ status: 404, transient: false });
  });

  it("refuses media over the size limit, declared or while streaming", async () => {
    const bytes = Buffer.alloc(64 * 1024, 7);
    standIn.addMedia("665544", { bytes, mimeType: "video/mp4" });
    const declared = await client().getMedia("665544");
    expect(await rejection(client().downloadMedia(declared.url, { maxBytes: 1000 }))).toMatchObject({ transient: false, message: expect.stringContaining("1000") });

    // A server that declares no length is cut off once the limit is crossed mid-stream.
    const chunked = createServer((request, response) => {
      response.writeHead(200, { "content-type": "video/mp4", "transfer-encoding": "chunked" });
      for (let part = 0; part < 8; part++) response.write(Buffer.alloc(8 * 1024, part));
      // /drop: the connection dies halfway, as a flaky network would.
      if (request.url === "/drop") setTimeout(() => response.destroy(), 50);
      else response.end();
    });
    await new Promise<void>((resolve) => chunked.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(chunked.address() as AddressInfo).port}/media`;
      const streaming = await client().downloadMedia(url, { maxBytes: 20_000 });
      expect(streaming.contentLength).toBeNull();
      const error = await rejection(readAll(streaming.body));
      expect(error).toMatchObject({ transient: false, message: expect.stringContaining("20000") });
      const dropped = await client().downloadMedia(url.replace("/media", "/drop"), { maxBytes: 1_000_000 });
      expect(await rejection(readAll(dropped.body))).toMatchObject({ status: null, transient: true });
    } finally {
      chunked.closeAllConnections();
      await new Promise((resolve) => chunked.close(resolve));
    }
  });

  it("lists templates across pages and stops at the page cap", async () => {
    const templates = await client().listTemplates(aurora.wabaId);
    expect(templates.map((template) => `${template.name}:${template.status}`)).toEqual(aurora.templates.map((template) => `${template.name}:${template.status}`));
    expect(templates[0]).toEqual({ name: "boas_vindas", language: "pt_BR", status: "APPROVED", category: "UTILITY", components: aurora.templates[0].components });
    expect(standIn.sent.filter((request) => request.route === "templates")).toHaveLength(2);

    standIn.sent.length = 0;
    expect(await client().listTemplates(aurora.wabaId, { maxPages: 1 })).toHaveLength(3);
    expect(standIn.sent).toHaveLength(1);
    expect(await rejection(client().listTemplates(boreal.wabaId))).toMatchObject({ status: 400, code: 100 });

    // A next-page link elsewhere would carry the token there: refused, not followed.
    standIn.sent.length = 0;
    standIn.failNext("templates", { status: 200, body: { data: [], paging: { next: "http://127.0.0.2:1/v21.0/x/message_templates" } } });
    expect(await rejection(client().listTemplates(aurora.wabaId))).toMatchObject({ transient: false, message: expect.stringContaining("away") });
    expect(standIn.sent).toHaveLength(1);
  });

  it("refuses an answer it cannot read as a permanent error", async () => {
    standIn.failNext("media", { status: 200, body: { unexpected: true } });
    expect(await rejection(client().getMedia("778899"))).toMatchObject({ status: 200, transient: false });
  });
});

describe("Graph stand-in status playback", () => {
  it("posts sent, delivered and read as signed webhooks the app can verify and parse, retrying until the app is up", async () => {
    const receiver = await startReceiver();
    // The app's port is known before the app listens: the first attempts fail and are retried.
    await receiver.close();
    const standIn = await startGraphStandIn({
      accounts: [{ ...aurora, webhook: { url: receiver.url, appSecret: aurora.appSecret } }],
      statusIntervalMs: 20,
      webhookRetryDelayMs: 100,
      webhookAttempts: 20,
    });
    let restarted: Awaited<ReturnType<typeof startReceiver>> | undefined;
    try {
      const client = createGraphClient({ baseUrl: standIn.url, version: "v21.0", accessToken: aurora.accessToken });
      const { messageId } = await client.sendMessage(PHONE, { type: "text", to: CUSTOMER, body: "oi" });
      await new Promise((resolve) => setTimeout(resolve, 150));
      restarted = await startReceiver(receiver.port);
      await expect.poll(() => restarted!.received.length, { timeout: 10_000 }).toBe(3);

      const items = restarted.received.map(({ raw, signature }) => {
        expect(verifyWhatsAppSignature(raw, signature, aurora.appSecret)).toBe(true);
        expect(verifyWhatsAppSignature(raw, signature, boreal.appSecret)).toBe(false);
        return parseWhatsAppWebhook(JSON.parse(raw.toString("utf8")));
      });
      expect(items.flat()).toEqual(
        ["sent", "delivered", "read"].map((status) => ({
          kind: "status",
          phoneNumberId: PHONE,
          status: { id: messageId, status, timestamp: expect.any(Date), recipientId: CUSTOMER },
          dedupKey: `${messageId}:${status}`,
        })),
      );
      await expect.poll(() => standIn.webhooks.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
    } finally {
      await standIn.close();
      await restarted?.close();
    }
  });
});
