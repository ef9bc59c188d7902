import type { Task } from "graphile-worker";
import { z } from "zod";
import { Organization } from "@db/entities/organization";
import { OrganizationInvite } from "@db/entities/organization-invite";
import { User } from "@db/entities/user";
import { withOrganization } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { ROLE_LABELS } from "~/utils/permissions";
import { inviteTokenFor } from "~/modules/invites/invite-token.server";
import { sendMail } from "../mailer";
import { appUrl } from "../app-url";

const payloadSchema = z.object({ organizationId: z.uuid(), inviteId: z.uuid() });

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** E-mails the invitation link. A revoked, accepted or expired invitation is not sent. */
export const inviteSendEmail: Task = async (rawPayload, helpers) => {
  const payload = payloadSchema.parse(rawPayload);
  const env = getEnv();
  const message = await withOrganization(payload.organizationId, async (db) => {
    const invite = await db.findOne(OrganizationInvite, { id: payload.inviteId });
    if (!invite || invite.status !== "pending" || invite.expiresAt.getTime() <= Date.now()) return null;
    const organization = await db.findOneOrFail(Organization, { id: invite.organization });
    const inviter = invite.invitedBy ? await db.findOne(User, { id: invite.invitedBy }) : null;
    const link = `${appUrl(env)}/invites/${inviteTokenFor(invite.id)}`;
    const who = inviter ? `${inviter.fullName} convidou você` : "Você foi convidado";
    const role = ROLE_LABELS[invite.role];
    return {
      link,
      to: invite.email,
      subject: `Convite para ${organization.name} no Loved CRM`,
      text: `${who} para entrar em ${organization.name} no Loved CRM como ${role}.\n\nAceite o convite: ${link}\n\nO link vale por 7 dias.`,
      html: `<p>${escapeHtml(who)} para entrar em <strong>${escapeHtml(organization.name)}</strong> no Loved CRM como ${escapeHtml(role)}.</p><p><a href="${link}">Aceitar convite</a></p><p>O link vale por 7 dias.</p>`,
    };
  });
  if (!message) {
    helpers.logger.info(`invite ${payload.inviteId} is no longer pending; nothing sent`);
    return;
  }
  const result = await sendMail(env, message);
  helpers.logger.info(
    result.delivered === "outbox"
      ? `invitation for ${message.to} written to ${result.file} — link: ${message.link}`
      : `invitation e-mailed to ${message.to}`,
  );
};
