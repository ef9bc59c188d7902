import { randomUUID } from "node:crypto";
import { truncateText } from "~/lib/text";
import { formatPhone } from "~/lib/phone";
import { keyBetween } from "~/lib/ordering";
import type { Db } from "~/utils/db.server";
import { recordEvent } from "~/modules/realtime/record-event.server";

const FULL_NAME_MAX = 160;

/** How a lead made from a phone number came in: its source, and the words its history uses. */
const ARRIVALS = {
  whatsapp: { source: "whatsapp", title: "Lead criado pelo WhatsApp em" },
  telefone: { source: "telefone", title: "Lead criado por uma ligação em" },
} as const;

/**
 * The organization's lead for a phone number that wrote or called (E.164),
 * matched by phone (one key for a Brazilian mobile with and without its ninth
 * digit; an active lead before an archived one, then the most recently
 * changed), or a new lead in the first stage with the channel as its source,
 * the given name (else the formatted number) and whoever `pickAssignee`
 * chooses. Serialized per organization and phone, so two messages or calls
 * arriving at once from a new number make one lead.
 */
export async function findOrCreateLeadByPhone(
  db: Db,
  organizationId: string,
  input: { phone: string; name: string | null; via: keyof typeof ARRIVALS; pickAssignee: () => Promise<string | null> },
): Promise<{ id: string; created: boolean; assigneeId: string | null }> {
  const { phone } = input;
  await db.execute(`select pg_advisory_xact_lock(hashtextextended(? || ':' || coalesce(phone_match_key(?), ''), 0))`, [organizationId, phone]);
  const [found] = await db.execute<{ id: string; assignee_id: string | null }[]>(
    `select id, assignee_id from leads where organization_id = ? and phone_key = phone_match_key(?)
      order by status = 'archived', updated_at desc, id limit 1`,
    [organizationId, phone],
  );
  if (found) return { id: found.id, created: false, assigneeId: found.assignee_id };

  const [stage] = await db.execute<{ id: string; name: string }[]>(
    `select id, name from pipeline_stages where organization_id = ? and is_active order by position limit 1 for no key update`,
    [organizationId],
  );
  const [first] = await db.execute<{ position: string }[]>(
    `select position from leads where organization_id = ? and stage_id = ? order by position limit 1`,
    [organizationId, stage.id],
  );
  const assigneeId = await input.pickAssignee();
  const arrival = ARRIVALS[input.via];
  const id = randomUUID();
  const fullName = truncateText(input.name?.trim() || formatPhone(phone), FULL_NAME_MAX);
  await db.execute(
    `insert into leads (id, organization_id, full_name, phone, stage_id, position, source, assignee_id, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, now(), now())`,
    [id, organizationId, fullName, phone, stage.id, keyBetween(null, first?.position ?? null), arrival.source, assigneeId],
  );
  await db.execute(
    `insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
     values (?, ?, ?, null, 'created', ?, ?::jsonb, now())`,
    [randomUUID(), organizationId, id, `${arrival.title} ${stage.name}`, JSON.stringify({ stageId: stage.id, toStageId: stage.id, toStageName: stage.name, via: arrival.source })],
  );
  await recordEvent(db, organizationId, { type: "lead.created", data: { leadId: id, stageId: stage.id, version: 1 }, actor: null });
  return { id, created: true, assigneeId };
}
