/**
 * What a first visit to each page route downloads, read from the classic
 * compiler's output: the browser manifest (public/build/manifest-*.js) says
 * which files a route loads, the esbuild metafile (build/metafile.js.json)
 * says which source modules each file holds.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

interface ManifestEntry {
  module: string;
  imports?: string[];
}
interface ManifestRoute extends ManifestEntry {
  id: string;
  parentId?: string;
}
interface Manifest {
  entry: ManifestEntry;
  routes: Record<string, ManifestRoute>;
}
interface Metafile {
  outputs: Record<string, { bytes: number; exports: string[]; inputs: Record<string, { bytesInOutput: number }> }>;
}

export interface RouteBundle {
  route: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
  /** Packages (node_modules) and app folders by minified bytes, with an estimate of their gzip share. */
  largest: { name: string; rawBytes: number; gzipBytes: number }[];
  /** Libraries that only servers need, found in the route's files (e.g. zod, the Tailwind config). */
  serverOnly: string[];
}

/** Source modules that must never reach a browser: the name printed and how to recognise their path. */
const SERVER_ONLY = [
  { name: "zod", test: (input: string) => input.includes("node_modules/zod/") },
  { name: "tailwind config", test: (input: string) => /tailwind\.config|node_modules\/tailwindcss\//.test(input) },
  { name: "*.server module", test: (input: string) => /\.server\.tsx?$/.test(input) && !input.startsWith("empty-module:") },
];

/** node_modules/@scope/name/… → @scope/name; app/components/board/x.tsx → app/components/board. */
function ownerOf(input: string) {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage) return inPackage[1];
  return input.includes("/") ? path.dirname(input.replace(/^[a-z-]+:/, "")) : input;
}

function readManifest(buildDir: string): Manifest {
  const file = readdirSync(buildDir).find((name) => /^manifest-.*\.js$/.test(name));
  if (!file) throw new Error(`no manifest in ${buildDir}: run \`remix build\` first`);
  const source = readFileSync(path.join(buildDir, file), "utf8");
  return JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)) as Manifest;
}

export function routeBundles(root = process.cwd()): RouteBundle[] {
  const publicDir = path.join(root, "public");
  const manifest = readManifest(path.join(publicDir, "build"));
  const metafile = JSON.parse(readFileSync(path.join(root, "build/metafile.js.json"), "utf8")) as Metafile;
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (url: string) => {
    let size = sizes.get(url);
    if (!size) {
      const content = readFileSync(path.join(publicDir, url));
      size = { raw: content.length, gzip: gzipSync(content).length };
      sizes.set(url, size);
    }
    return size;
  };
  const filesOf = (entry: ManifestEntry) => [entry.module, ...(entry.imports ?? [])];
  const outputOf = (url: string) => metafile.outputs[path.posix.join("public", url)];

  // Resource routes compile to an empty stub: only routes whose own source reached the browser are pages.
  const pages = Object.values(manifest.routes).filter((route) =>
    Object.entries(outputOf(route.module)?.inputs ?? {}).some(([input, { bytesInOutput }]) => input.startsWith("app/routes/") && bytesInOutput > 0),
  );
  return pages
    .map((route) => {
      const chain: ManifestRoute[] = [];
      for (let at: ManifestRoute | undefined = route; at; at = at.parentId ? manifest.routes[at.parentId] : undefined) chain.unshift(at);
      const urls = [...new Set([manifest.entry, ...chain].flatMap(filesOf))];
      const byOwner = new Map<string, { rawBytes: number; gzipBytes: number }>();
      const serverOnly = new Set<string>();
      for (const url of urls) {
        const output = outputOf(url);
        if (!output) continue;
        const { raw, gzip } = sizeOf(url);
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          for (const check of SERVER_ONLY) if (bytesInOutput > 0 && check.test(input)) serverOnly.add(check.name);
          const owner = ownerOf(input);
          const total = byOwner.get(owner) ?? { rawBytes: 0, gzipBytes: 0 };
          total.rawBytes += bytesInOutput;
          // A module's gzip share is estimated at its file's compression ratio.
          total.gzipBytes += raw ? (bytesInOutput * gzip) / raw : 0;
          byOwner.set(owner, total);
        }
      }
      const largest = [...byOwner]
        .map(([name, total]) => ({ name, ...total }))
        .sort((a, b) => b.rawBytes - a.rawBytes)
        .slice(0, 5);
      return {
        route: route.id,
        files: urls.length,
        rawBytes: urls.reduce((sum, url) => sum + sizeOf(url).raw, 0),
        gzipBytes: urls.reduce((sum, url) => sum + sizeOf(url).gzip, 0),
        largest,
        serverOnly: [...serverOnly],
      };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}
