import { Transform, type TransformCallback } from "node:stream";
import type { IncomingHttpHeaders } from "node:http";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { bodyLimitFor } from "./body-limits";
import { answerPlain } from "./plain-answer";

/** Thrown into the body stream once a request sends more than its route allows. */
export class BodyTooLargeError extends Error {
  constructor() {
    super("request body over its limit");
  }
}

class LengthLimit extends Transform {
  private seen = 0;
  exceeded = false;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.exceeded = true;
      return callback(new BodyTooLargeError());
    }
    callback(null, chunk);
  }
}

/** The body as a web stream that fails past the route's limit; `req.pipe` (not pipeline) leaves the socket open for the 413. */
function limitedBody(req: Request) {
  const limiter = new LengthLimit(bodyLimitFor(req.path));
  req.on("error", (error) => limiter.destroy(error));
  req.pipe(limiter);
  return { limiter, stream: createReadableStreamFromReadable(limiter) };
}

function webHeaders(incoming: IncomingHttpHeaders) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  return headers;
}

async function sendResponse(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // A route's own value of a header the edge sets on everything (a file's sandboxing CSP) replaces
  // the edge's instead of joining it; only cookies add up.
  for (const [name, value] of response.headers.entries()) {
    if (name === "set-cookie") res.append(name, value);
    else res.setHeader(name, value);
  }
  // An event stream must reach the client now, not when its first event fills a buffer.
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeBody(response.body, res);
  else res.end();
}

/** Resolves once the response can take more, or is gone. */
function writable(res: Response) {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Remix's writeReadableStreamToWritable, with backpressure and cleanup: a
 * chunk is read only once the client took the previous ones (a file streamed
 * to a slow phone never piles up in memory), and a client that goes away
 * cancels the body (which lets go of a file's S3 connection).
 */
async function writeBody(body: ReadableStream<Uint8Array>, res: Response) {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      const more = res.write(value);
      // compression adds flush(): without it a streamed page or event waits in zlib's buffer.
      (res as Response & { flush?: () => void }).flush?.();
      if (!more) await writable(res);
    }
    res.end();
  } catch (error) {
    // Half an answer cannot become an error page: the client must see it cut short.
    res.destroy();
    throw error;
  } finally {
    res.off("close", cancel);
  }
}

function publicUrl(req: Request): URL | null {
  // As @remix-run/express does: req.hostname honours "trust proxy" but drops the port.
  const port = [req.get("x-forwarded-host"), req.get("host")]
    .map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10))
    .find((value) => Number.isSafeInteger(value));
  const href = `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`;
  return URL.canParse(href) ? new URL(href) : null;
}

/**
 * @remix-run/express's handler (same request and response mapping), except that the Request's body is capped by
 * bodyLimitFor (a chunked body has no Content-Length to refuse up front) and
 * a Host that makes no URL is a 400 instead of a thrown TypeError.
 */
export function createRemixHandler(options: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handleRequest = createRequestHandler(options.build, options.mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    let limiter: LengthLimit | undefined;
    try {
      const url = publicUrl(req);
      if (!url) return answerPlain(req, res, 400, "errors.badRequest");
      let controller: AbortController | null = new AbortController();
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: webHeaders(req.headers), signal: controller.signal };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const body = limitedBody(req);
        limiter = body.limiter;
        init.body = body.stream;
        init.duplex = "half";
      }
      res.on("finish", () => (controller = null));
      res.on("close", () => controller?.abort());
      const response = await handleRequest(new Request(url.href, init), options.getLoadContext(req, res));
      // Whatever the route made of a truncated body (usually "not a form"), the answer is 413.
      if (limiter?.exceeded) {
        await response.body?.cancel();
        return refuseTooLarge(req, res);
      }
      await sendResponse(res, response);
    } catch (error) {
      if (limiter?.exceeded) return refuseTooLarge(req, res);
      next(error);
    }
  };
}

/** 413, then the connection closes so the rest of the body is never read. */
export function refuseTooLarge(req: Request, res: Response) {
  res.set("Connection", "close");
  answerPlain(req, res, 413, "errors.tooLarge");
}

/** Refuses a declared Content-Length over the route's limit before a byte of the body is read. */
export function refuseDeclaredOversize(req: Request, res: Response, next: NextFunction) {
  const declared = Number(req.get("content-length") ?? 0);
  if (declared > bodyLimitFor(req.path)) return refuseTooLarge(req, res);
  next();
}
