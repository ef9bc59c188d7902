/**
 * The floor for the SSE benchmark: a bare node:http broadcaster with no
 * framework, no authentication and no bus. GET /events holds a stream;
 * POST /broadcast?version=N writes one `lead.moved` frame to every stream.
 */
import http from "node:http";

const streams = new Set<http.ServerResponse>();
let nextId = 0;

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "GET" && url.pathname === "/events") {
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform" });
    res.write("retry: 2000\n\n");
    streams.add(res);
    res.on("close", () => streams.delete(res));
    return;
  }
  if (req.method === "POST" && url.pathname === "/broadcast") {
    nextId++;
    const data = JSON.stringify({ leadId: "bench", version: Number(url.searchParams.get("version")), id: nextId, type: "lead.moved" });
    const frame = Buffer.from(`id: ${nextId}\nevent: lead.moved\ndata: ${data}\n\n`);
    for (const stream of streams) stream.write(frame);
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === "/healthz") return void res.writeHead(200).end("ok");
  res.writeHead(404).end();
});

// Same heartbeat duty as the real stream, so idle memory compares like with like.
setInterval(() => {
  for (const stream of streams) stream.write(": ping\n\n");
}, 15_000).unref();

server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`[bare-sse] listening on ${process.env.PORT}`));
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
