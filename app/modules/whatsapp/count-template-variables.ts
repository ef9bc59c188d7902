/**
 * How many distinct `{{n}}` (or named `{{name}}`) placeholders a template's
 * BODY has: what a send must fill. Components come from Meta, so any shape is tolerated.
 */
export function countTemplateVariables(components: unknown): number {
  if (!Array.isArray(components)) return 0;
  const body = components.find(
    (c): c is { text: string } => typeof c === "object" && c !== null && (c as { type?: unknown }).type === "BODY" && typeof (c as { text?: unknown }).text === "string",
  );
  if (!body) return 0;
  return new Set([...body.text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1])).size;
}
