import type { Db } from "~/utils/db.server";

/** Longer than any Graph call may take (the client gives up after 15 s): a claim this old lost its attempt. */
export const SEND_CLAIM_STALE_MS = 2 * 60 * 1000;

export type SendClaim =
  | { outcome: "claimed"; leadId: string; to: string; phoneNumberId: string; connectionId: string; message: OutboundBody }
  | { outcome: "done" }
  | { outcome: "busy" }
  | { outcome: "unknown"; leadId: string }
  | { outcome: "unsendable"; leadId: string; reason: string };

export type OutboundBody = { type: "text"; body: string } | { type: "template"; name: string; languageCode: string; bodyParameters: string[] };

interface Row {
  lead_id: string;
  content: string;
  status: string | null;
  external_id: string | null;
  metadata: Record<string, unknown>;
  phone: string | null;
}

/**
 * Marks a queued message as being sent (`metadata.sendClaimedAt`), in the
 * caller's transaction, which must commit before Graph is called: Graph has
 * no idempotency key, so the claim is what tells a later attempt that an
 * earlier one may already have reached Meta (ADR 020). A message already
 * sent, failed or gone is `done`; a fresh claim of another attempt is `busy`
 * (retry later); a stale one is `unknown` (never resent).
 */
export async function claimWhatsAppSend(db: Db, organizationId: string, communicationId: string, now: Date): Promise<SendClaim> {
  const [row] = await db.execute<Row[]>(
    `select c.lead_id, c.content, c.status, c.external_id, c.metadata, l.phone
       from communications c join leads l on l.id = c.lead_id
      where c.organization_id = ? and c.id = ? and c.channel = 'whatsapp' and c.direction = 'outbound'
      for update of c`,
    [organizationId, communicationId],
  );
  if (!row || row.external_id !== null || row.status !== "queued") return { outcome: "done" };
  const claimedAt = typeof row.metadata.sendClaimedAt === "string" ? Date.parse(row.metadata.sendClaimedAt) : NaN;
  if (!Number.isNaN(claimedAt)) return now.getTime() - claimedAt < SEND_CLAIM_STALE_MS ? { outcome: "busy" } : { outcome: "unknown", leadId: row.lead_id };

  const phoneNumberId = typeof row.metadata.phoneNumberId === "string" ? row.metadata.phoneNumberId : "";
  const [number] = await db.execute<{ connection_id: string }[]>(
    "select connection_id from whatsapp_phone_numbers where organization_id = ? and phone_number_id = ? order by created_at limit 1",
    [organizationId, phoneNumberId],
  );
  if (!number) return { outcome: "unsendable", leadId: row.lead_id, reason: "número de WhatsApp desconectado" };
  if (!row.phone) return { outcome: "unsendable", leadId: row.lead_id, reason: "lead sem telefone" };

  await db.execute(`update communications set metadata = metadata || jsonb_build_object('sendClaimedAt', ?::text), updated_at = now() where id = ?`, [
    now.toISOString(),
    communicationId,
  ]);
  return {
    outcome: "claimed",
    leadId: row.lead_id,
    // Graph takes the number in international format without the plus.
    to: row.phone.replace(/\D/g, ""),
    phoneNumberId,
    connectionId: number.connection_id,
    message: bodyOf(row),
  };
}

function bodyOf(row: Row): OutboundBody {
  const template = row.metadata.template as { name?: unknown; language?: unknown; variables?: unknown } | undefined;
  if (row.metadata.kind === "template" && template && typeof template.name === "string" && typeof template.language === "string") {
    const variables = Array.isArray(template.variables) ? template.variables.filter((v): v is string => typeof v === "string") : [];
    return { type: "template", name: template.name, languageCode: template.language, bodyParameters: variables };
  }
  return { type: "text", body: row.content };
}
