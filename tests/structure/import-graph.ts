import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One import of a file: where it points (repository-relative) and whether it vanishes at runtime. */
export interface ImportEdge {
  to: string;
  typeOnly: boolean;
}

/** File → its imports of other repository files (packages are left out). */
export type ImportGraph = Map<string, ImportEdge[]>;

const SOURCE = /\.(ts|tsx)$/;
const ALIASES: Record<string, string> = { "~/": "app/", "@db/": "db/", "@worker/": "worker/" };
const EXTENSIONS = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

function listSources(root: string, dir: string): string[] {
  const absolute = path.join(root, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute).flatMap((name) => {
    const relative = `${dir}/${name}`;
    if (statSync(path.join(root, relative)).isDirectory()) return listSources(root, relative);
    return SOURCE.test(name) && !name.endsWith(".d.ts") ? [relative] : [];
  });
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import "x"` runs x
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** Every module specifier in a file: static imports, `export … from`, `import()` and `import("x")` types. */
export function readSpecifiers(fileName: string, text: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push({ specifier: argument.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The repository file a specifier names, or null for a package; throws for a local path that names nothing. */
export function resolveSpecifier(root: string, from: string, specifier: string): string | null {
  const alias = Object.keys(ALIASES).find((prefix) => specifier.startsWith(prefix));
  let base: string;
  if (alias) base = ALIASES[alias] + specifier.slice(alias.length);
  else if (specifier.startsWith(".")) base = path.posix.join(path.posix.dirname(from), specifier);
  else return null;
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (SOURCE.test(candidate) && existsSync(path.join(root, candidate))) return candidate;
  }
  // Non-source files (JSON, CSS) are leaves: they import nothing back.
  if (existsSync(path.join(root, base)) && statSync(path.join(root, base)).isFile()) return base;
  throw new Error(`${from}: cannot resolve "${specifier}"`);
}

/** The import graph of the TypeScript sources under `dirs` (repository-relative, `/`-separated). */
export function buildImportGraph(root: string, dirs: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of dirs.flatMap((dir) => listSources(root, dir))) {
    const edges = readSpecifiers(file, readFileSync(path.join(root, file), "utf8")).flatMap(({ specifier, typeOnly }) => {
      const to = resolveSpecifier(root, file, specifier);
      return to ? [{ to, typeOnly }] : [];
    });
    graph.set(file, edges);
  }
  return graph;
}

/**
 * One cycle per strongly connected component (Tarjan), each as a path that
 * starts and ends at the same file, so a report names every circle once.
 */
export function findCycles(graph: ReadonlyMap<string, readonly { to: string }[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const targets = (node: string) => (graph.get(node) ?? []).map((edge) => edge.to);

  // Iterative, so a long import chain cannot overflow the call stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const frames: { node: string; next: number }[] = [];
    const enter = (node: string) => {
      index.set(node, index.size);
      low.set(node, index.get(node)!);
      stack.push(node);
      onStack.add(node);
      frames.push({ node, next: 0 });
    };
    enter(start);
    while (frames.length) {
      const frame = frames[frames.length - 1];
      const out = targets(frame.node);
      if (frame.next < out.length) {
        const to = out[frame.next++];
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      frames.pop();
      if (frames.length) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && out.includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((component) => cycleThrough(component, targets));
}

/** The shortest way from the component's first file (in sorted order) back to itself, staying inside it. */
function cycleThrough(component: string[], targets: (node: string) => string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const to of targets(queue[i])) {
      if (!members.has(to)) continue;
      if (to === start) {
        const back: string[] = [];
        for (let node = queue[i]; node !== start; node = previous.get(node)!) back.push(node);
        return [start, ...back.reverse(), start];
      }
      if (!previous.has(to)) {
        previous.set(to, queue[i]);
        queue.push(to);
      }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

/** A layer rule: files matching `from` must not import files matching `to` (type-only imports count unless `runtimeOnly`). */
export interface LayerRule {
  name: string;
  from: (file: string) => boolean;
  to: (file: string) => boolean;
  runtimeOnly?: boolean;
}

/** Every import that breaks a rule, as readable lines. */
export function findViolations(graph: ImportGraph, rules: LayerRule[]): string[] {
  const violations: string[] = [];
  for (const [file, edges] of graph) {
    for (const rule of rules) {
      if (!rule.from(file)) continue;
      for (const edge of edges) {
        if (rule.runtimeOnly && edge.typeOnly) continue;
        if (rule.to(edge.to)) violations.push(`${rule.name}: ${file} → ${edge.to}`);
      }
    }
  }
  return violations;
}
