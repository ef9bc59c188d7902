import { WhatsAppTemplate } from "@db/entities/whatsapp-template";
import { withOrganization } from "~/utils/db.server";
import { fillTemplateBody } from "./fill-template-body";
import { pickSendingNumber } from "./pick-sending-number.server";

export interface WhatsAppComposerData {
  /** The number a message would go out from (display form only; never a secret). */
  from: string;
  templates: { name: string; language: string; variableCount: number; body: string }[];
}

/** What the lead page's WhatsApp composer offers; null when the organization has no connected number. */
export async function getWhatsAppComposer(organizationId: string, leadId: string): Promise<WhatsAppComposerData | null> {
  return withOrganization(organizationId, async (db) => {
    const number = await pickSendingNumber(db, organizationId, leadId);
    if (!number) return null;
    const templates = await db.find(
      WhatsAppTemplate,
      { connection: number.connectionId, status: "APPROVED" },
      { fields: ["name", "language", "variableCount", "components"], orderBy: { name: "asc", language: "asc" } },
    );
    return {
      from: number.displayPhoneNumber,
      templates: templates.map((t) => ({ name: t.name, language: t.language, variableCount: t.variableCount, body: fillTemplateBody(t.components, []) })),
    };
  });
}
