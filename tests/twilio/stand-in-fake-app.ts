import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import twilio from "twilio";

export interface ReceivedCallback {
  path: string;
  method: string;
  params: Record<string, string>;
  /** Whether twilio's own validateRequest accepts the X-Twilio-Signature it came with. */
  signed: boolean;
}

type Answer = { status?: number; twiml?: string; contentType?: string };

/**
 * A loopback stand-in for the app's Twilio webhook routes: answers TwiML per
 * path (an empty <Response/> by default), records every request and checks its
 * signature with the twilio package, as the app will.
 */
export async function startFakeApp(authToken: string) {
  const received: ReceivedCallback[] = [];
  const answers = new Map<string, (params: Record<string, string>) => Answer>();
  const waiting: { path: string; resolve: (callback: ReceivedCallback) => void }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", base);
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      const signature = String(request.headers["x-twilio-signature"] ?? "");
      // A GET carries its parameters in the (signed) URL instead of the body.
      const params = request.method === "GET" ? Object.fromEntries(url.searchParams) : form;
      const callback = { path: url.pathname, method: request.method ?? "", params, signed: twilio.validateRequest(authToken, signature, url.toString(), form) };
      received.push(callback);
      for (const waiter of waiting.filter((item) => item.path === url.pathname)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(callback);
      }
      const answer = answers.get(url.pathname)?.(params) ?? {};
      response.writeHead(answer.status ?? 200, { "content-type": answer.contentType ?? "text/xml" }).end(answer.twiml ?? "<Response/>");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    /** TwiML (or a status) for requests to `path`. */
    answer(path: string, answer: Answer | ((params: Record<string, string>) => Answer)) {
      answers.set(path, typeof answer === "function" ? answer : () => answer);
    },
    /** The next request to `path`, for what happens after a call the test did not start itself. */
    next(path: string) {
      return new Promise<ReceivedCallback>((resolve) => waiting.push({ path, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
