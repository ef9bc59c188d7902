import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTES } from "./routes";

const ROUTES_DIR = path.resolve("app/routes");
const source = (module: string) => readFileSync(path.join(ROUTES_DIR, module), "utf8");

/** The text inside the braces that open at or after `from`. */
function block(text: string, from: number) {
  const open = text.indexOf("{", from);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/**
 * The intent values a route handles, however it spells them: comparisons
 * (`intent === "x"`, `.get("intent") === "x"`), `case "x"` inside a switch on
 * an intent, `intent: z.literal("x")`, a `z.enum([...])` of intents, hidden
 * `name="intent" value="x"` inputs, and the same in intent schemas it imports
 * from app/modules.
 */
export function intentsIn(text: string): Set<string> {
  const found = new Set<string>();
  const add = (pattern: RegExp, within = text) => {
    for (const match of within.matchAll(pattern)) found.add(match[1]);
  };
  add(/intent["')\]]*\s*[!=]==?\s*["'`]([\w-]+)["'`]/g);
  add(/["'`]([\w-]+)["'`]\s*[!=]==?\s*[\w.]*intent\b/gi);
  add(/intent\s*:\s*z\.literal\(\s*["'`]([\w-]+)["'`]/g);
  add(/name=["']intent["']\s+value=["']([\w-]+)["']/g);
  for (const match of text.matchAll(/intent\w*\s*=\s*z\.enum\(\s*\[([^\]]*)\]/gi)) add(/["'`]([\w-]+)["'`]/g, match[1]);
  for (const match of text.matchAll(/z\.enum\(\s*\[([^\]]*)\][^)]*\)/g)) {
    const before = text.slice(Math.max(0, (match.index ?? 0) - 40), match.index);
    if (/intent\s*:\s*$/.test(before)) add(/["'`]([\w-]+)["'`]/g, match[1]);
  }
  for (const match of text.matchAll(/switch\s*\(([^)]*intent[^)]*)\)/gi)) add(/case\s+["'`]([\w-]+)["'`]\s*:/g, block(text, match.index ?? 0));
  return found;
}

function handledIntents(module: string) {
  const text = source(module);
  const found = intentsIn(text);
  for (const match of text.matchAll(/from\s+["']~\/(modules\/[\w/.-]*intent[\w.-]*)["']/g)) {
    for (const intent of intentsIn(readFileSync(path.resolve("app", `${match[1]}.ts`), "utf8"))) found.add(intent);
  }
  return found;
}

describe("tests/security/routes.ts names every route and intent", () => {
  const modules = readdirSync(ROUTES_DIR).filter((file) => /\.(tsx?|jsx?)$/.test(file));

  it("has an entry for every module in app/routes/, and none for a module that is gone", () => {
    expect(ROUTES.map((route) => route.module).sort()).toEqual([...modules].sort());
  });

  it.each(modules)("lists the methods and intents %s handles", (module) => {
    const route = ROUTES.find((r) => r.module === module)!;
    const text = source(module);
    expect(Boolean(route.get), `${module}: GET (loader)`).toBe(/export\s+(async\s+)?function\s+loader\b/.test(text));
    const hasAction = /export\s+(async\s+)?function\s+action\b/.test(text);
    expect(route.intents.length > 0, `${module}: POST (action)`).toBe(hasAction);
    const listed = route.intents.map((intent) => intent.name).filter((name): name is string => name !== null);
    expect(listed.sort(), `${module}: intents`).toEqual([...handledIntents(module)].sort());
    if (hasAction && listed.length === 0) expect(route.intents, `${module}: one form without intent`).toHaveLength(1);
  });

  it("reads intents however they are written", () => {
    const sample = `
      if (form.get("intent") === "a") {}
      if ("b" === input.intent) {}
      switch (input.intent) { case "c": break; }
      switch (result.status) { case "not-an-intent": break; }
      const x = z.object({ intent: z.literal("d") });
      const intentSchema = z.enum(["e", "f"]);
      const y = z.object({ intent: z.enum(["g"], { error: "x" }) });
      <input type="hidden" name="intent" value="h" />`;
    expect([...intentsIn(sample)].sort()).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
  });
});
