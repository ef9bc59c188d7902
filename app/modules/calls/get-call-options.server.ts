import { withOrganization } from "~/utils/db.server";

export interface CallOptions {
  /** Whether "Ligar" can place a call now (the server still decides: the rep may be on another call). */
  available: boolean;
  /** What is missing, first the organization's Twilio number, then the rep's own phone, then the lead's. */
  reason: "no-connection" | "no-agent-phone" | "no-lead-phone" | null;
}

/**
 * What the lead page's "Ligar" button needs to know before it is pressed:
 * the organization has a Twilio number, the signed-in rep has saved the phone
 * they take calls on (/account), and the lead has a phone. No phone number
 * leaves here. A lead outside the organization reads as having no phone.
 */
export async function getCallOptions(organizationId: string, userId: string, leadId: string): Promise<CallOptions> {
  return withOrganization(organizationId, async (db) => {
    const [row] = await db.execute<{ connected: boolean; agent_phone: boolean; lead_phone: boolean }[]>(
      `select exists (select 1 from twilio_connections where organization_id = ? and jsonb_array_length(phone_numbers) > 0) as connected,
              exists (select 1 from users where id = ? and phone is not null and phone <> '') as agent_phone,
              exists (select 1 from leads where organization_id = ? and id = ? and phone is not null and phone <> '') as lead_phone`,
      [organizationId, userId, organizationId, leadId]
    );
    const reason = !row?.connected ? "no-connection" : !row.agent_phone ? "no-agent-phone" : !row.lead_phone ? "no-lead-phone" : null;
    return { available: reason === null, reason };
  });
}
