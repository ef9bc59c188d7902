import { WhatsAppTemplate } from "@db/entities/whatsapp-template";
import { message } from "~/i18n/catalogue";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import type { TimelineActor } from "~/modules/timeline/timeline-actor";
import { fillTemplateBody } from "./fill-template-body";
import { prepareWhatsAppSend } from "./prepare-whatsapp-send.server";
import { queueWhatsAppMessage } from "./queue-whatsapp-message.server";

/**
 * Queues an approved template to the lead: the way to write outside the
 * 24-hour window. The template must be approved on the connection the message
 * goes out from, and get exactly as many variables as its body has
 * placeholders (Meta refuses any other count). Null when the lead is not in
 * the organization.
 */
export async function sendWhatsAppTemplate(actor: TimelineActor, input: { leadId: string; template: string; language: string; variables: string[] }) {
  return withOrganization(actor.organizationId, async (db) => {
    const target = await prepareWhatsAppSend(db, actor.organizationId, input.leadId);
    if (!target) return null;
    const template = await db.findOne(WhatsAppTemplate, { connection: target.connectionId, name: input.template, language: input.language, status: "APPROVED" });
    if (!template) throw new DomainRefusal(message("whatsapp.send.templateUnknown"), { status: 400, field: "template", code: "template_unknown" });
    if (input.variables.length !== template.variableCount) {
      throw new DomainRefusal(message("whatsapp.send.templateVariables", { count: template.variableCount }), { status: 400, field: "variable", code: "template_variables" });
    }
    return queueWhatsAppMessage(db, actor, target, {
      content: fillTemplateBody(template.components, input.variables) || template.name,
      metadata: { kind: "template", template: { name: template.name, language: template.language, variables: input.variables } },
    });
  });
}
