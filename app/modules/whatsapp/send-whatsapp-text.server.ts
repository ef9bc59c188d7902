import { WhatsAppTemplate } from "@db/entities/whatsapp-template";
import { message } from "~/i18n/catalogue";
import { whatsappWindowLeft } from "~/lib/timeline";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import type { TimelineActor } from "~/modules/timeline/timeline-actor";
import { prepareWhatsAppSend } from "./prepare-whatsapp-send.server";
import { queueWhatsAppMessage } from "./queue-whatsapp-message.server";

/**
 * Queues free text to the lead. Meta only delivers free text inside the
 * 24-hour customer service window, so outside it the send is refused here,
 * before anything is written, naming the approved templates that may be sent
 * instead. Null when the lead is not in the organization.
 */
export async function sendWhatsAppText(actor: TimelineActor, input: { leadId: string; text: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const target = await prepareWhatsAppSend(db, actor.organizationId, input.leadId);
    if (!target) return null;
    if (whatsappWindowLeft(target.lastInboundAt?.toISOString() ?? null, Date.now()) === 0) {
      const approved = await db.find(WhatsAppTemplate, { connection: target.connectionId, status: "APPROVED" }, { fields: ["name"], orderBy: { name: "asc" } });
      const names = [...new Set(approved.map((t) => t.name))];
      throw new DomainRefusal(
        names.length
          ? message("whatsapp.send.windowClosed", { templates: names.join(", ") })
          : message("whatsapp.send.windowClosedNoTemplates"),
        { status: 422, code: "whatsapp_window_closed" },
      );
    }
    return queueWhatsAppMessage(db, actor, target, { content: input.text, metadata: { kind: "text" } });
  });
}
