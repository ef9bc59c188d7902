import { withOrganization, type Db } from "~/utils/db.server";
import type { TimelineRow } from "~/modules/timeline/entry-metadata.server";
import { exportEntryOf, memberIdsOf } from "./export-entry-of.server";

/** Timeline entries read per statement: each batch is its own short transaction, so a long timeline never holds one open. */
const BATCH = 500;

export interface ExportLead {
  id: string;
  fullName: string;
  [field: string]: unknown;
}

export interface ExportFile {
  id: string;
  communicationId: string;
  kind: string;
  contentType: string;
  originalName: string | null;
  sizeBytes: number;
  // Raw statements hand timestamps back as text.
  createdAt: Date | string;
}

async function namesOf(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.execute<{ id: string; full_name: string }[]>(`select id, full_name from find_user_names(array[?]::uuid[])`, [wanted]);
  return new Map(rows.map((row) => [row.id, row.full_name]));
}

/** Replaces a teammate's internal id by their name: the archive is for the data subject, whose data it is, not ours. */
function named<T extends Record<string, unknown>>(rows: T[], names: Map<string, string>, field: keyof T & string, as: string) {
  return rows.map(({ [field]: id, ...rest }) => ({ ...rest, [as]: typeof id === "string" ? (names.get(id) ?? null) : null }));
}

interface TimelineCursor {
  sentAt: Date;
  id: string;
}

/** One batch of a lead's timeline after `cursor`, oldest first, each entry through the export's allow-list. */
function timelineBatch(organizationId: string, leadId: string, cursor: TimelineCursor | null) {
  return withOrganization(organizationId, async (db) => {
    const rows = await db.execute<(TimelineRow & { subject: string | null })[]>(
      `select id, channel, direction, subject, content, status, metadata, sent_at, edited_at, redacted_at, author_id
         from communications
        where organization_id = ? and lead_id = ? and (?::timestamptz is null or (sent_at, id) > (?::timestamptz, ?::uuid))
        order by sent_at, id
        limit ?`,
      [organizationId, leadId, cursor?.sentAt ?? null, cursor?.sentAt ?? null, cursor?.id ?? null, BATCH],
    );
    const last = rows.at(-1);
    const names = await namesOf(db, rows.flatMap(memberIdsOf));
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
    return {
      entries: rows.map((row) => ({ communicationId: row.id, entry: exportEntryOf(row, nameOf) })),
      next: rows.length === BATCH && last ? { sentAt: last.sent_at, id: last.id } : null,
    };
  });
}

/**
 * An activity's details with people named and internal ids (stages, leads)
 * left out: the stage names are already there beside them.
 */
function activityDetailsOf(metadata: Record<string, unknown>, names: Map<string, string>) {
  const details = Object.fromEntries(Object.entries(metadata).filter(([key]) => !/Id$/.test(key)));
  const changes = metadata.changes as Record<string, { from: unknown; to: unknown }> | undefined;
  if (changes?.assignee) {
    const nameOf = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? "equipe") : null);
    details.changes = { ...changes, assignee: { from: nameOf(changes.assignee.from), to: nameOf(changes.assignee.to) } };
  }
  return details;
}

function assigneeIdsOf(metadata: Record<string, unknown>) {
  const assignee = (metadata.changes as Record<string, { from: unknown; to: unknown }> | undefined)?.assignee;
  return [assignee?.from, assignee?.to].filter((id): id is string => typeof id === "string");
}

/**
 * Everything an export reads, each read under the organization's row-level
 * security and scoped to the request's leads: the leads themselves (every
 * field, custom fields included), then per lead its timeline in batches, its
 * AI summaries, its activity history and its files.
 */
export function gatherExportData(organizationId: string) {
  const inOrganization = <T>(work: (db: Db) => Promise<T>) => withOrganization(organizationId, work);
  return {
    leads: (leadIds: string[]) =>
      inOrganization(async (db) => {
        if (!leadIds.length) return [];
        const rows = await db.execute<(ExportLead & { assignee_id: string | null })[]>(
          `select l.id, l.full_name as "fullName", l.email, l.phone, l.company, l.job_title as "jobTitle", s.name as stage,
                  l.source, l.priority, l.tags, l.estimated_value as "estimatedValue", l.custom_fields as "customFields",
                  l.status, l.notes, l.last_contact_at as "lastContactAt", l.last_contact_channel as "lastContactChannel",
                  l.last_inbound_at as "lastInboundAt", l.ai_sentiment as "aiSentiment", l.closed_at as "closedAt",
                  l.created_at as "createdAt", l.updated_at as "updatedAt", l.assignee_id
             from leads l join pipeline_stages s on s.id = l.stage_id and s.organization_id = l.organization_id
            where l.organization_id = ? and l.id = any(array[?]::uuid[])
            order by l.created_at, l.id`,
          [organizationId, leadIds],
        );
        return named(rows, await namesOf(db, rows.map((row) => row.assignee_id)), "assignee_id", "assignee") as ExportLead[];
      }),

    async *timeline(leadId: string) {
      let cursor: TimelineCursor | null = null;
      do {
        const batch = await timelineBatch(organizationId, leadId, cursor);
        if (batch.entries.length) yield batch.entries;
        cursor = batch.next;
      } while (cursor);
    },

    summaries: (leadId: string) =>
      inOrganization((db) =>
        // Not `error`: a provider's text about our request, nothing of the person's.
        db.execute<Record<string, unknown>[]>(
          `select status, trigger, provider, model, sentiment, output, input_from as "inputFrom", input_to as "inputTo",
                  entry_count as "entryCount", created_at as "createdAt"
             from ai_summaries where organization_id = ? and lead_id = ? order by created_at, id`,
          [organizationId, leadId],
        ),
      ),

    activities: (leadId: string) =>
      inOrganization(async (db) => {
        const rows = await db.execute<{ actor_id: string | null; metadata: Record<string, unknown> }[]>(
          `select activity_type as "type", title, metadata, created_at as "createdAt", actor_id
             from lead_activities where organization_id = ? and lead_id = ? order by created_at, id`,
          [organizationId, leadId],
        );
        const names = await namesOf(db, rows.flatMap((row) => [row.actor_id, ...assigneeIdsOf(row.metadata)]));
        return named(
          rows.map((row) => ({ ...row, metadata: activityDetailsOf(row.metadata, names) })),
          names,
          "actor_id",
          "actor",
        );
      }),

    files: (leadId: string) =>
      inOrganization((db) =>
        db.execute<ExportFile[]>(
          `select f.id, f.communication_id as "communicationId", f.kind, f.content_type as "contentType", f.original_name as "originalName",
                  f.size_bytes::float8 as "sizeBytes", f.created_at as "createdAt"
             from stored_files f join communications c on c.id = f.communication_id and c.organization_id = f.organization_id
            where f.organization_id = ? and c.lead_id = ?
            order by c.sent_at, f.id`,
          [organizationId, leadId],
        ),
      ),
  };
}
