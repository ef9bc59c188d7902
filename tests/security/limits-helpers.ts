import http from "node:http";
import type { TestServer } from "../support/server";

export interface AddressedResponse {
  status: number;
  location: string | null;
  retryAfter: string | null;
  body: string;
}

/**
 * A form post from another loopback address (127.0.0.2, …), as a different
 * client machine: the server sees it as req.ip without any proxy header.
 */
export function postFrom(server: TestServer, localAddress: string, path: string, form: Record<string, string>): Promise<AddressedResponse> {
  const url = new URL(server.url);
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        localAddress,
        method: "POST",
        path,
        headers: {
          origin: server.url,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(Buffer.byteLength(body)),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location ?? null,
            retryAfter: (response.headers["retry-after"] as string | undefined) ?? null,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
