import { z } from "zod";
import { LEAD_PRIORITIES, type LeadPriority } from "~/lib/lead-enums";
import { parseMoney } from "~/modules/leads/lead-fields.server";

export interface BoardFilters {
  /** A member's user id, "mine" or "none" (unassigned). */
  assignee: string | null;
  source: string | null;
  tag: string | null;
  priority: LeadPriority | null;
  /** Value range in the organization's currency, as decimal strings ("4500.00"). */
  min: string | null;
  max: string | null;
  /** Free text over name, company, e-mail and phone. */
  q: string | null;
}

const text = (max: number) => z.string().trim().min(1).max(max).refine((value) => !value.includes("\0"));
const money = z.string().transform((value, ctx) => {
  const parsed = parseMoney(value);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
  return parsed.ok ? parsed.value : z.NEVER;
});

const assigneeField = z.union([z.literal("mine"), z.literal("none"), z.uuid()]);
const priorityField = z.enum(LEAD_PRIORITIES);
// Built once: constructing a schema costs more than a request's parsing with it.
const shortText = text(40);
const searchText = text(100);

/**
 * The board filters of a query string. A filter whose value makes no sense
 * (a typo in a hand-edited URL, a tag longer than any tag) is dropped rather
 * than failing the page: the board then shows what the other filters select,
 * and `filters` in the answer tells the client what was applied.
 */
export function parseBoardFilters(search: URLSearchParams): BoardFilters {
  function pick<T>(key: keyof BoardFilters, schema: z.ZodType<T>): T | null {
    const raw = search.get(key);
    if (raw === null || raw.trim() === "") return null;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : null;
  }
  return {
    assignee: pick("assignee", assigneeField),
    source: pick("source", shortText),
    tag: pick("tag", shortText),
    priority: pick("priority", priorityField),
    min: pick("min", money),
    max: pick("max", money),
    q: pick("q", searchText),
  };
}
