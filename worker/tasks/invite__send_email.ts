import { Organization } from "@db/entities/organization";
import { OrganizationInvite } from "@db/entities/organization-invite";
import { User } from "@db/entities/user";
import { withOrganization } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getTranslator } from "~/i18n/translator.server";
import { roleLabel } from "~/lib/labels";
import { inviteTokenFor } from "~/modules/invites/invite-token.server";
import { inviteSendEmailJob } from "~/modules/jobs/definitions/invite__send_email.server";
import { sendMail } from "../mailer";
import { appUrl } from "~/utils/app-url.server";
import { defineTask } from "../define-task";

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * E-mails the invitation link. A revoked, accepted or expired invitation is
 * not sent. The invitee has no language on record yet: the e-mail speaks the
 * inviter's chosen language, else the organization's.
 */
export const inviteSendEmail = defineTask(inviteSendEmailJob, async (payload, helpers) => {
  const env = getEnv();
  const message = await withOrganization(payload.organizationId, async (db) => {
    const invite = await db.findOne(OrganizationInvite, { id: payload.inviteId });
    if (!invite || invite.status !== "pending" || invite.expiresAt.getTime() <= Date.now()) return null;
    const organization = await db.findOneOrFail(Organization, { id: invite.organization });
    const inviter = invite.invitedBy ? await db.findOne(User, { id: invite.invitedBy }) : null;
    const link = `${appUrl(env)}/invites/${inviteTokenFor(invite.id)}`;
    const { t } = getTranslator(inviter?.locale ?? organization.locale);
    const who = inviter ? t("invite.invitedBy", { name: inviter.fullName }) : t("invite.invited");
    const role = roleLabel(t, invite.role);
    const sentence = (name: string) => t("invite.email.body", { who, organization: name, role });
    return {
      to: invite.email,
      subject: t("invite.email.subject", { organization: organization.name }),
      text: `${sentence(organization.name)}\n\n${t("invite.email.cta")}: ${link}\n\n${t("invite.email.validity")}`,
      html: `<p>${escapeHtml(sentence(organization.name))}</p><p><a href="${link}">${escapeHtml(t("invite.email.cta"))}</a></p><p>${escapeHtml(t("invite.email.validity"))}</p>`,
    };
  });
  if (!message) {
    helpers.logger.info(`invite ${payload.inviteId} is no longer pending; nothing sent`);
    return;
  }
  const result = await sendMail(env, message);
  // Never the link: it admits whoever reads it, and logs travel further than mailboxes.
  helpers.logger.info(
    result.delivered === "outbox" ? `invitation ${payload.inviteId} written to ${result.file}` : `invitation ${payload.inviteId} e-mailed`,
  );
});
