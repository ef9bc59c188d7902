/**
 * Where a web process's CPU went, from a V8 `.cpuprofile` (LOAD_CPU_PROF=dir
 * on `npm run bench:load`):
 *   node_modules/.bin/tsx tests/bench/load/cpu-profile-summary.ts <file.cpuprofile> [top=25]
 * Prints self time by function and by module (package or app file), and
 * inclusive time of the spans that matter for a request (session and
 * membership guards, loaders, rendering, compression, the ORM and pg).
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: cpu-profile-summary.ts <file.cpuprofile> [top]");
const TOP = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

/** The module of a frame: a package name, an app-relative file, or V8's own categories. */
function moduleOf(url: string) {
  if (!url) return "(native / V8)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const app = /\/(app|db|build)\/(.*)$/.exec(url);
  if (app) return `${app[1]}/${app[2]}`;
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\//, "");
}
const label = (node: ProfileNode) => `${node.callFrame.functionName || "(anonymous)"} ${moduleOf(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

/** Inclusive spans: a sample counts once for a span when any frame of its stack matches. */
const SPANS: [string, (node: ProfileNode) => boolean][] = [
  ["getSessionUser (session lookup)", (n) => n.callFrame.functionName === "getSessionUser"],
  ["requireMember (session + membership)", (n) => n.callFrame.functionName === "requireMember"],
  ["getBoard", (n) => n.callFrame.functionName === "getBoard"],
  ["getCards", (n) => n.callFrame.functionName === "getCards"],
  ["getLead", (n) => n.callFrame.functionName === "getLead"],
  ["moveLead", (n) => n.callFrame.functionName === "moveLead"],
  ["React SSR (react-dom/server)", (n) => n.callFrame.url.includes("react-dom") && n.callFrame.url.includes("server")],
  ["turbo-stream encode", (n) => n.callFrame.url.includes("turbo-stream")],
  ["compression (zlib)", (n) => n.callFrame.url.includes("/compression/") || n.callFrame.url.includes("node:zlib")],
  ["MikroORM", (n) => n.callFrame.url.includes("@mikro-orm")],
  ["pg (driver)", (n) => /node_modules\/pg(-[a-z]+)?\//.test(n.callFrame.url)],
  ["argon2", (n) => n.callFrame.url.includes("argon2")],
  ["garbage collector", (n) => n.callFrame.functionName === "(garbage collector)"],
  ["idle", (n) => n.callFrame.functionName === "(idle)"],
];

const selfByNode = new Map<number, number>();
const spanTotals = new Map<string, number>(SPANS.map(([name]) => [name, 0]));
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  selfByNode.set(id, (selfByNode.get(id) ?? 0) + dt);
  const hit = new Set<string>();
  for (let node = byId.get(id); node; node = byId.get(parent.get(node.id) ?? -1)) {
    for (const [name, matches] of SPANS) if (!hit.has(name) && matches(node)) hit.add(name);
  }
  for (const name of hit) spanTotals.set(name, spanTotals.get(name)! + dt);
});

const selfByFunction = new Map<string, number>();
const selfByModule = new Map<string, number>();
for (const [id, dt] of selfByNode) {
  const node = byId.get(id)!;
  selfByFunction.set(label(node), (selfByFunction.get(label(node)) ?? 0) + dt);
  const module = moduleOf(node.callFrame.url);
  selfByModule.set(module, (selfByModule.get(module) ?? 0) + dt);
}

const idle = spanTotals.get("idle")!;
const busy = total - idle;
const line = (name: string, us: number) => `| ${name} | ${(us / 1000).toFixed(0)} | ${((100 * us) / busy).toFixed(1)} % |`;
const top = (entries: Map<string, number>) =>
  [...entries]
    .filter(([name]) => name !== "(idle) (native / V8):0")
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, us]) => line(name, us));

console.log(`Profile ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / total).toFixed(0)} %); shares are of busy time.\n`);
console.log("| span (inclusive) | ms | share |\n| --- | ---: | ---: |");
for (const [name, us] of spanTotals) if (name !== "idle") console.log(line(name, us));
console.log("\n| module (self) | ms | share |\n| --- | ---: | ---: |");
for (const text of top(new Map([...selfByModule].filter(([name]) => name !== "(native / V8)" || true)))) console.log(text);
console.log("\n| function (self) | ms | share |\n| --- | ---: | ---: |");
for (const text of top(selfByFunction)) console.log(text);
