import { rawRequest, type RawResponse } from "../auth/helpers";
import type { TestServer } from "../support/server";

/**
 * A form post from another loopback address (127.0.0.2, …), as a different
 * client machine: the server sees it as req.ip without any proxy header.
 */
export function postFrom(server: TestServer, localAddress: string, path: string, form: Record<string, string>): Promise<RawResponse> {
  return rawRequest(server, { path, form, localAddress, headers: { origin: server.url } });
}
