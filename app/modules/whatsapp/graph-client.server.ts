import { z } from "zod";
import { GraphApiError, graphErrorFromResponse, graphNetworkError, graphRefusal } from "./graph-api-error.server";

export { GraphApiError };

export interface GraphClientOptions {
  /** `https://graph.facebook.com` in production; a loopback stand-in in tests and the offline demo. */
  baseUrl: string;
  /** e.g. `v21.0`. */
  version: string;
  accessToken: string;
  /** Per request (for downloads: until the whole body has arrived). Default 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** What the app sends: free text inside the 24-hour window, or an approved template outside it. */
export type OutboundWhatsAppMessage =
  | { type: "text"; to: string; body: string }
  | { type: "template"; to: string; name: string; languageCode: string; bodyParameters: string[] };

export interface GraphMedia {
  /** Short-lived (5 minutes at Meta); download it with `downloadMedia`, which sends the token. */
  url: string;
  mimeType: string;
  sha256: string;
  fileSize: number;
}

export interface GraphDownload {
  mimeType: string | null;
  /** As declared by the server, when it declared one. */
  contentLength: number | null;
  /** Errors with a GraphApiError once more than `maxBytes` arrive. */
  body: ReadableStream<Uint8Array>;
}

export interface GraphTemplate {
  name: string;
  language: string;
  status: string;
  category: string;
  components: unknown[];
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_TEMPLATE_PAGES = 20;

const sendAnswer = z.object({ messages: z.array(z.object({ id: z.string().min(1).max(256) })).min(1) });
const mediaAnswer = z.object({
  url: z.string().url().max(4096),
  mime_type: z.string().min(1).max(255),
  sha256: z.string().max(128),
  // Documented as a number; some answers carry it as a string of digits.
  file_size: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,15}$/).transform(Number)]),
});
const templatesAnswer = z.object({
  data: z
    .array(
      z.object({
        name: z.string().max(512),
        language: z.string().max(32),
        status: z.string().max(64),
        category: z.string().max(64),
        components: z.array(z.unknown()).max(50).default([]),
      }),
    )
    .max(1000),
  paging: z.object({ next: z.string().max(4096).optional() }).optional(),
});

export type GraphClient = ReturnType<typeof createGraphClient>;

/** The WhatsApp Cloud API calls the app makes, over plain fetch, with one error type for every failure. */
export function createGraphClient(options: GraphClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const root = `${options.baseUrl.replace(/\/+$/, "")}/${encodeURIComponent(options.version)}`;
  const origin = new URL(options.baseUrl).origin;
  const authorization = `Bearer ${options.accessToken}`;
  // Graph does not echo tokens, but an error message is logged and stored: make sure.
  const redact = (text: string) => (options.accessToken ? text.split(options.accessToken).join("[redacted]") : text);
  const segment = (id: string) => encodeURIComponent(id);

  async function call(what: string, url: string, init: RequestInit = {}, ms = timeoutMs): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(url, { ...init, headers: { ...init.headers, authorization }, signal: AbortSignal.timeout(ms), redirect: "error" });
    } catch (error) {
      throw graphNetworkError(what, error);
    }
    if (!response.ok) throw graphErrorFromResponse(what, response.status, await response.json().catch(() => null), redact);
    return response;
  }

  async function json<T>(what: string, schema: z.ZodType<T>, url: string, init?: RequestInit): Promise<T> {
    const response = await call(what, url, init);
    let parsed: z.ZodSafeParseResult<T>;
    try {
      parsed = schema.safeParse(await response.json());
    } catch (error) {
      throw graphNetworkError(what, error);
    }
    if (!parsed.success) {
      throw graphRefusal(`${what}: unexpected answer from the Graph API`, response.status);
    }
    return parsed.data;
  }

  return {
    async sendMessage(phoneNumberId: string, message: OutboundWhatsAppMessage): Promise<{ messageId: string }> {
      const answer = await json("send message", sendAnswer, `${root}/${segment(phoneNumberId)}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(wireMessage(message)),
      });
      return { messageId: answer.messages[0].id };
    },

    async getMedia(mediaId: string): Promise<GraphMedia> {
      const media = await json("media lookup", mediaAnswer, `${root}/${segment(mediaId)}`);
      return { url: media.url, mimeType: media.mime_type, sha256: media.sha256, fileSize: media.file_size };
    },

    /**
     * Streams a media URL from `getMedia`. Meta serves media from another host
     * than the API, and it still wants the bearer token, so the token goes to
     * the URL Graph itself handed out (never redirects).
     */
    async downloadMedia(url: string, limits: { maxBytes: number; timeoutMs?: number }): Promise<GraphDownload> {
      const response = await call("media download", url, {}, limits.timeoutMs ?? timeoutMs);
      const declared = response.headers.get("content-length");
      const contentLength = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;
      if (contentLength !== null && contentLength > limits.maxBytes) {
        await response.body?.cancel();
        throw tooLarge(limits.maxBytes);
      }
      if (!response.body) throw graphNetworkError("media download", new Error("empty body"));
      return { mimeType: response.headers.get("content-type"), contentLength, body: capped(response.body, limits.maxBytes) };
    },

    /** Every template of a WhatsApp Business Account, following Graph's paging up to `maxPages`. */
    async listTemplates(wabaId: string, paging: { maxPages?: number } = {}): Promise<GraphTemplate[]> {
      const maxPages = paging.maxPages ?? DEFAULT_MAX_TEMPLATE_PAGES;
      const templates: GraphTemplate[] = [];
      let next: string | undefined = `${root}/${segment(wabaId)}/message_templates?fields=name,language,status,category,components&limit=100`;
      for (let page = 0; next && page < maxPages; page++) {
        const answer: z.infer<typeof templatesAnswer> = await json("template list", templatesAnswer, next);
        templates.push(...answer.data.map(({ name, language, status, category, components }) => ({ name, language, status, category, components })));
        next = answer.paging?.next;
        // The next-page link carries our token on its next request: follow it only to the API we were configured with.
        if (next && new URL(next).origin !== origin) {
          throw graphRefusal("template list: next page points away from the Graph API");
        }
      }
      return templates;
    },
  };
}

// Counts while the bytes flow (a server may declare no length, or the wrong one) and turns every
// failure of the stream — too large, timeout, dropped connection — into a GraphApiError.
function capped(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let received = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        return controller.error(graphNetworkError("media download", error));
      }
      if (chunk.done) return controller.close();
      received += chunk.value.byteLength;
      if (received > maxBytes) {
        controller.error(tooLarge(maxBytes));
        await reader.cancel().catch(() => undefined);
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function tooLarge(maxBytes: number): GraphApiError {
  return graphRefusal(`media download: larger than ${maxBytes} bytes`);
}

function wireMessage(message: OutboundWhatsAppMessage) {
  const envelope = { messaging_product: "whatsapp", recipient_type: "individual", to: message.to };
  if (message.type === "text") return { ...envelope, type: "text", text: { body: message.body, preview_url: false } };
  const components = message.bodyParameters.length ? [{ type: "body", parameters: message.bodyParameters.map((text) => ({ type: "text", text })) }] : [];
  return { ...envelope, type: "template", template: { name: message.name, language: { code: message.languageCode }, components } };
}
