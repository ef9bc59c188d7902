import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildImportGraph, findCycles, findViolations, readSpecifiers, type LayerRule } from "./import-graph";

const root = fileURLToPath(new URL("../..", import.meta.url));

const under = (...dirs: string[]) => (file: string) => dirs.some((dir) => file.startsWith(`${dir}/`));
const isServerModule = (file: string) => /\.server\.tsx?$/.test(file);
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

// Arrows point down: routes → modules → utils/lib/i18n/db. What ships to the
// browser (components, hooks, lib, the non-server i18n) never runs a `.server` module.
// The seeds and database scripts are programs on top, like the worker: they may call domain functions.
const isDatabaseLayer = (file: string) => under("db")(file) && !under("db/seeds", "db/scripts")(file);
const RULES: LayerRule[] = [
  {
    name: "lower layers never import modules, routes or UI",
    from: (file) => under("app/lib", "app/utils", "app/i18n")(file) || isDatabaseLayer(file),
    to: under("app/modules", "app/routes", "app/components", "app/hooks"),
  },
  { name: "i18n is below the server utilities", from: under("app/i18n"), to: under("app/utils") },
  { name: "modules never import routes or UI", from: under("app/modules"), to: under("app/routes", "app/components", "app/hooks") },
  { name: "components and hooks never import routes", from: under("app/components", "app/hooks"), to: under("app/routes") },
  {
    name: "browser code never runs a .server module",
    from: (file) => under("app/components", "app/hooks", "app/lib", "app/i18n")(file) && !isServerModule(file) && !isTest(file),
    to: isServerModule,
    runtimeOnly: true,
  },
];

describe("the cycle finder", () => {
  const graphOf = (edges: Record<string, string[]>) =>
    new Map(Object.entries(edges).map(([from, tos]) => [from, tos.map((to) => ({ to }))]));

  it("finds nothing in a graph without circles", () => {
    expect(findCycles(graphOf({ a: ["b", "c"], b: ["c"], c: [] }))).toEqual([]);
  });

  it("names each circle once, as a path back to its first file", () => {
    const cycles = findCycles(graphOf({ a: ["b"], b: ["c"], c: ["d", "a"], d: ["c"], e: ["e"], f: ["a"] }));
    expect(cycles.map((cycle) => cycle.join(" → ")).sort()).toEqual(["a → b → c → a", "e → e"]);
  });

  it("follows a long chain without running out of stack", () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i++) edges[`n${i}`] = [`n${(i + 1) % 20_000}`];
    const [cycle] = findCycles(graphOf(edges));
    expect(cycle).toHaveLength(20_001);
  });
});

describe("the specifier reader", () => {
  it("sees static, type-only, re-exported and dynamic imports", () => {
    const text = [
      `import a from "./a";`,
      `import { type B } from "./b";`,
      `import type { C } from "./c";`,
      `import { type D, d } from "./d";`,
      `export { e } from "./e";`,
      `export type { F } from "./f";`,
      `const g = () => import("./g");`,
      `let h: typeof import("./h");`,
      `import "./i";`,
    ].join("\n");
    expect(readSpecifiers("x.ts", text)).toEqual([
      { specifier: "./a", typeOnly: false },
      { specifier: "./b", typeOnly: true },
      { specifier: "./c", typeOnly: true },
      { specifier: "./d", typeOnly: false },
      { specifier: "./e", typeOnly: false },
      { specifier: "./f", typeOnly: true },
      { specifier: "./g", typeOnly: false },
      { specifier: "./h", typeOnly: true },
      { specifier: "./i", typeOnly: false },
    ]);
  });
});

describe("the application's imports", () => {
  const graph = buildImportGraph(root, ["app", "db", "worker"]);

  it("covers the sources", () => {
    expect(graph.get("app/utils/db.server.ts")?.map((edge) => edge.to)).toContain("db/config.ts");
  });

  it("form no circle", () => {
    const cycles = findCycles(graph).map((cycle) => cycle.join("\n    → "));
    expect(cycles, `import circles:\n  ${cycles.join("\n  ")}`).toEqual([]);
  });

  it("point down the layers", () => {
    const violations = findViolations(graph, RULES);
    expect(violations, `imports against the layers:\n  ${violations.join("\n  ")}`).toEqual([]);
  });
});
