import { mentionsSubject } from "./mentions-subject";
import type { SubjectTraces } from "./subject-traces";

/**
 * A JSON value with every string (or number) that names the subject emptied
 * ("" and null), and every string and number under `alwaysBlank` keys emptied
 * whatever it says (the shape stays: readers of a change's from/to still find
 * them); `changed` says whether anything was.
 */
export function scrubSubject(value: unknown, traces: SubjectTraces, alwaysBlank: ReadonlySet<string> = new Set()): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (node: unknown, blank = false): unknown => {
    if (typeof node === "string") {
      if (node === "" || (!blank && !mentionsSubject(node, traces))) return node;
      changed = true;
      return "";
    }
    if (typeof node === "number") {
      if (!blank && !mentionsSubject(String(node), traces)) return node;
      changed = true;
      return null;
    }
    if (Array.isArray(node)) return node.map((child) => walk(child, blank));
    if (node && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child, blank || alwaysBlank.has(key))]));
    }
    return node;
  };
  return { value: walk(value), changed };
}
