import { randomUUID } from "node:crypto";
import { truncateText } from "~/lib/text";
import { formatPhone } from "~/lib/phone";
import { keyBetween } from "~/lib/ordering";
import type { Db } from "~/utils/db.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { pickNewLeadAssignee } from "./pick-new-lead-assignee.server";

const FULL_NAME_MAX = 160;

/**
 * The organization's lead for a WhatsApp sender, matched by phone (one key
 * for a Brazilian mobile with and without its ninth digit; an active lead
 * before an archived one, then the most recently changed), or a new lead in
 * the first stage with source `whatsapp` and the sender's profile name,
 * assigned as the connection says. Senders are serialized per organization
 * and phone, so two messages arriving at once from a new number make one lead.
 */
export async function findOrCreateSenderLead(
  db: Db,
  organizationId: string,
  input: { connectionId: string; waId: string; profileName: string | null },
): Promise<{ id: string; created: boolean }> {
  const phone = `+${input.waId}`;
  await db.execute(`select pg_advisory_xact_lock(hashtextextended(? || ':' || coalesce(phone_match_key(?), ''), 0))`, [organizationId, phone]);
  const [found] = await db.execute<{ id: string }[]>(
    `select id from leads where organization_id = ? and phone_key = phone_match_key(?)
      order by status = 'archived', updated_at desc, id limit 1`,
    [organizationId, phone],
  );
  if (found) return { id: found.id, created: false };

  const [stage] = await db.execute<{ id: string; name: string }[]>(
    `select id, name from pipeline_stages where organization_id = ? and is_active order by position limit 1 for no key update`,
    [organizationId],
  );
  const [first] = await db.execute<{ position: string }[]>(
    `select position from leads where organization_id = ? and stage_id = ? order by position limit 1`,
    [organizationId, stage.id],
  );
  const assigneeId = await pickNewLeadAssignee(db, organizationId, input.connectionId);
  const id = randomUUID();
  const fullName = truncateText(input.profileName?.trim() || formatPhone(phone), FULL_NAME_MAX);
  await db.execute(
    `insert into leads (id, organization_id, full_name, phone, stage_id, position, source, assignee_id, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, 'whatsapp', ?, now(), now())`,
    [id, organizationId, fullName, phone, stage.id, keyBetween(null, first?.position ?? null), assigneeId],
  );
  await db.execute(
    `insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
     values (?, ?, ?, null, 'created', ?, ?::jsonb, now())`,
    [randomUUID(), organizationId, id, `Lead criado pelo WhatsApp em ${stage.name}`, JSON.stringify({ stageId: stage.id, toStageId: stage.id, toStageName: stage.name, via: "whatsapp" })],
  );
  await recordEvent(db, organizationId, { type: "lead.created", data: { leadId: id, stageId: stage.id, version: 1 }, actor: null });
  return { id, created: true };
}
