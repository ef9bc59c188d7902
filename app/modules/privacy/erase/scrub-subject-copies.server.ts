import { withOrganization } from "~/utils/db.server";
import { PERSONAL_LEAD_FIELDS } from "./find-erase-subject.server";
import { scrubSubject } from "./scrub-subject";
import { subjectPatterns } from "./subject-patterns";
import type { SubjectTraces } from "./subject-traces";

const BATCH = 500;

/** A JSON column where the person may have been copied, read in key order so a long scan resumes where it stopped. */
interface Copies {
  table: "audit_logs" | "lead_activities" | "realtime_events" | "webhook_inbox";
  key: "id" | "event_id";
  column: "changes" | "metadata" | "data" | "payload";
  /** Also scrubbed (text columns beside the JSON one). */
  texts: ("title" | "reason" | "last_error")[];
  /** The column naming a lead: the rows of the person's leads lose their personal fields, whatever those held. */
  lead?: "resource_id" | "lead_id";
  /**
   * What replaces a row that names the person, instead of scrubbing it value
   * by value: the inbox keeps no part of a provider's raw message, and one
   * still waiting is not processed any more (it would bring the person back).
   */
  blank?: string;
}

const COPIES: Copies[] = [
  { table: "audit_logs", key: "id", column: "changes", texts: [], lead: "resource_id" },
  { table: "lead_activities", key: "id", column: "metadata", texts: ["title"], lead: "lead_id" },
  { table: "realtime_events", key: "event_id", column: "data", texts: [] },
  {
    table: "webhook_inbox",
    key: "id",
    column: "payload",
    texts: ["reason", "last_error"],
    blank: `payload = '{}', last_error = null,
      reason = case when status = 'pending' then 'emptied by a data subject''s deletion request' else null end,
      status = case when status = 'pending' then 'ignored' else status end`,
  },
];

async function scrubCopies(organizationId: string, copies: Copies, subject: { leadIds: string[]; traces: SubjectTraces }) {
  const { traces } = subject;
  // "" matches no JSON text: an array must not be empty when it becomes SQL.
  const patterns = [...subjectPatterns(traces), ""];
  const byLead = copies.lead && subject.leadIds.length ? copies.lead : null;
  const texts = copies.texts.map((column) => `coalesce(${column}, '')`).join(" || ' ' || ");
  const matches = `(${copies.column}::text ilike any(array[?]::text[])${texts ? ` or (${texts}) ilike any(array[?]::text[])` : ""}${byLead ? ` or ${byLead} = any(array[?]::uuid[])` : ""})`;
  let after: string | null = null;
  let scrubbed = 0;
  for (;;) {
    const done: boolean = await withOrganization(organizationId, async (db) => {
      const rows = await db.execute<{ key: string; owned: boolean; json: unknown; texts: Record<string, string | null> }[]>(
        `select ${copies.key}::text as key, ${byLead ? `${byLead} = any(array[?]::uuid[])` : "false"} as owned, ${copies.column} as json, jsonb_build_object(${copies.texts.map((column) => `'${column}', ${column}`).join(", ")}) as texts
           from ${copies.table}
          where organization_id = ? and (?::text is null or ${copies.key} > ?::${copies.key === "id" ? "uuid" : "bigint"}) and ${matches}
          order by ${copies.key} limit ${BATCH}`,
        [...(byLead ? [subject.leadIds] : []), organizationId, after, after, patterns, ...(texts ? [patterns] : []), ...(byLead ? [subject.leadIds] : [])],
      );
      for (const row of rows) {
        // Another lead's snapshot that quotes the person loses the quote, not its own name.
        const json = scrubSubject(row.json, traces, row.owned ? PERSONAL_LEAD_FIELDS : undefined);
        const text = scrubSubject(row.texts, traces);
        if (!json.changed && !text.changed) continue;
        const where = `where organization_id = ? and ${copies.key} = ?`;
        if (copies.blank) {
          await db.execute(`update ${copies.table} set ${copies.blank} ${where}`, [organizationId, row.key]);
        } else {
          const texts = text.value as Record<string, string | null>;
          const assignments = [`${copies.column} = ?::jsonb`, ...copies.texts.map((column) => `${column} = ?`)];
          await db.execute(`update ${copies.table} set ${assignments.join(", ")} ${where}`, [
            JSON.stringify(json.value),
            ...copies.texts.map((column) => texts[column]),
            organizationId,
            row.key,
          ]);
        }
        scrubbed++;
      }
      after = rows.at(-1)?.key ?? after;
      return rows.length < BATCH;
    });
    if (done) return scrubbed;
  }
}

/**
 * Empties the person from where their data was copied: audit snapshots and
 * activity entries (the names, e-mails and phones, and the before/after of a
 * lead's personal fields), the realtime replay buffer, and the provider
 * payloads of the webhook inbox (emptied whole: each is one raw message). The
 * entries themselves stay, with who did what and when. Returns how many rows
 * of each were changed.
 */
export async function scrubSubjectCopies(organizationId: string, subject: { leadIds: string[]; traces: SubjectTraces }) {
  const counts: Record<string, number> = {};
  for (const copies of COPIES) counts[copies.table] = await scrubCopies(organizationId, copies, subject);
  return counts;
}
