import http from "node:http";
import type { TestServer } from "../support/server";

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with full control over the request line and headers (Host included). */
export function send(server: TestServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawAnswer> {
  const url = new URL(server.url);
  const headers = { ...options.headers };
  if (options.body !== undefined) headers["content-length"] ??= String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, method: options.method ?? "GET", path: options.path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

export interface StreamedAnswer extends RawAnswer {
  /** Body bytes written before the answer arrived. */
  sentBeforeAnswer: number;
}

/**
 * Posts `head` followed by filler until `total` body bytes, chunk by chunk with
 * back-pressure, stopping as soon as the server answers. With `declareLength`
 * the request carries Content-Length (which may exceed what is sent; then it
 * waits for the answer); otherwise it is chunked.
 */
export function streamBody(
  server: TestServer,
  options: { path: string; head: string; total: number; declareLength?: number; headers?: Record<string, string> },
): Promise<StreamedAnswer> {
  const url = new URL(server.url);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", ...options.headers };
  if (options.declareLength !== undefined) headers["content-length"] = String(options.declareLength);
  else headers["transfer-encoding"] = "chunked";
  const filler = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request({ host: url.hostname, port: url.port, method: "POST", path: options.path, headers }, (response) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8"), sentBeforeAnswer });
      });
    });
    // The server may close the connection under a body it refused: only an error before any answer counts.
    request.on("error", (error) => !answered && reject(error));
    const write = (chunk: Buffer) => {
      sent += chunk.length;
      return request.write(chunk);
    };
    write(Buffer.from(options.head));
    const pump = () => {
      while (!answered && sent < options.total) {
        if (!write(filler.subarray(0, Math.min(filler.length, options.total - sent)))) return void request.once("drain", pump);
      }
      if (!answered && options.declareLength === undefined) request.end();
    };
    pump();
  });
}

/** Traces an error page must never show: stack frames, file paths, module folders. */
export function expectNoDetails(body: string) {
  for (const trace of ["at ", "/", ".ts", ".js", "node_modules", "Error:", "stack"]) {
    if (body.includes(trace)) throw new Error(`response shows ${JSON.stringify(trace)}: ${body.slice(0, 300)}`);
  }
}
