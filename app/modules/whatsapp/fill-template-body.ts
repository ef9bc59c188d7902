/**
 * A template's body as the lead will read it: each `{{n}}` (or named
 * `{{name}}`) placeholder replaced by the variable sent for it, in order of
 * first appearance, which is the order Meta fills body parameters in.
 */
export function fillTemplateBody(components: unknown, variables: readonly string[]): string {
  const body = Array.isArray(components)
    ? components.find((c): c is { type: "BODY"; text: string } => typeof c === "object" && c !== null && c.type === "BODY" && typeof c.text === "string")
    : undefined;
  if (!body) return "";
  const order: string[] = [];
  return body.text.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    if (!order.includes(name)) order.push(name);
    return variables[order.indexOf(name)] ?? placeholder;
  });
}
