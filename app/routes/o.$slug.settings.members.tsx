import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormAlert, FormNotice } from "~/components/auth-card";
import { Avatar, AvatarFallback, avatarColor, initials } from "~/components/ui/avatar";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { Label } from "~/components/ui/label";
import { NativeSelect } from "~/components/ui/select";
import { invalidForm, parseFormData, readFormData } from "~/utils/forms.server";
import { notFound, requireMember, requirePermission } from "~/utils/membership.server";
import { assignableRoles, can, type Permission } from "~/lib/permissions";
import { roleLabel } from "~/lib/labels";
import { getRequestMeta } from "~/utils/request.server";
import { changeMemberRole } from "~/modules/members/change-member-role.server";
import { listMembers } from "~/modules/members/list-members.server";
import { membersIntentSchema, type MembersIntent } from "~/modules/members/members-intents.server";
import { removeMember } from "~/modules/members/remove-member.server";
import { createInvite } from "~/modules/invites/create-invite.server";
import { resendInvite } from "~/modules/invites/resend-invite.server";
import { revokeInvite } from "~/modules/invites/revoke-invite.server";
import { refusedForm } from "~/utils/refusal.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { retryAfterHeaders } from "~/modules/rate-limits/retry-after-headers";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "members.pageTitle");

const PERMISSION_FOR: Record<MembersIntent["intent"], Permission> = {
  invite: "members:invite",
  "resend-invite": "members:invite",
  "revoke-invite": "members:invite",
  "change-role": "members:change-role",
  remove: "members:remove",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization, role, user } = await requireMember(request, params.slug, "members:view");
  const { members, invites } = await listMembers(organization.id);
  return { organization, role, currentUserId: user.id, members, invites, assignable: assignableRoles(role) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "members:view");
  const i18n = await getRequestI18n(request, context);
  const { t } = i18n;
  const form = parseFormData(await readFormData(request, i18n), membersIntentSchema, i18n);
  if (!form.success) return invalidForm({ fieldErrors: form.fieldErrors });
  const input = form.data;
  requirePermission(member, PERMISSION_FOR[input.intent]);
  const actor = {
    organizationId: member.organization.id,
    userId: member.user.id,
    role: member.role,
    meta: getRequestMeta(request, context),
  };
  try {
    switch (input.intent) {
      case "invite": {
        await createInvite(actor, { email: input.email, role: input.role });
        return data({ fieldErrors: {}, formError: null, notice: t("members.notice.invited", { email: input.email }) });
      }
      case "resend-invite":
        if (!(await resendInvite(actor, { inviteId: input.inviteId }))) notFound();
        return data({ fieldErrors: {}, formError: null, notice: t("members.notice.resent") });
      case "revoke-invite":
        if (!(await revokeInvite(actor, { inviteId: input.inviteId }))) notFound();
        return data({ fieldErrors: {}, formError: null, notice: t("members.notice.revoked") });
      case "change-role":
        if (!(await changeMemberRole(actor, { memberId: input.memberId, role: input.role }))) notFound();
        return data({ fieldErrors: {}, formError: null, notice: t("members.notice.roleChanged") });
      case "remove": {
        const removed = await removeMember(actor, { memberId: input.memberId });
        if (!removed) notFound();
        if (removed.left) throw redirect("/");
        return data({ fieldErrors: {}, formError: null, notice: t("members.notice.removed") });
      }
    }
  } catch (error) {
    const refused = refusedForm(error, i18n);
    if (refused) return refused;
    throw error;
  }
}

export default function MembersPage() {
  const { organization, role, currentUserId, members, invites, assignable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const i18n = useI18n();
  const { t } = i18n;
  const busy = navigation.state !== "idle";
  const notice = actionData && "notice" in actionData ? actionData.notice : null;
  const fieldErrors: Record<string, string[] | undefined> = actionData?.fieldErrors ?? {};
  return (
    <main className="mx-auto grid w-full max-w-4xl gap-4 p-3 sm:p-4">
      <div>
        <h1 className="text-xl font-semibold">{t("members.title")}</h1>
        <p className="text-sm text-muted-foreground">{t("members.description", { organization: organization.name })}</p>
      </div>
      <FormAlert message={actionData?.formError} />
      <FormNotice message={notice} />

      {can(role, "members:invite") ? (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">{t("members.invite.title")}</CardTitle>
            <CardDescription>{t("members.invite.description")}</CardDescription>
          </CardHeader>
          <CardContent>
            <Form method="post" className="grid items-end gap-3 sm:grid-cols-[1fr_12rem_auto]" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <Field label={t("auth.email")} name="email" type="email" required error={fieldErrors.email} />
              <div className="grid gap-1.5">
                <Label htmlFor="invite-role">{t("members.invite.role")}</Label>
                <NativeSelect id="invite-role" name="role" defaultValue="member">
                  {assignable.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(t, r)}
                    </option>
                  ))}
                </NativeSelect>
              </div>
              <Button type="submit" disabled={busy}>
                {t("members.invite.submit")}
              </Button>
            </Form>
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle className="text-base">{t("members.team", { count: members.length })}</CardTitle>
        </CardHeader>
        <CardContent>
          <ul className="divide-y">
            {members.map((m) => {
              const manageable = assignable.includes(m.role);
              return (
                <li key={m.id} className="flex flex-wrap items-center gap-3 py-3" data-member-id={m.id}>
                  <Avatar className="h-9 w-9">
                    <AvatarFallback className={avatarColor(m.userId)}>{initials(m.fullName)}</AvatarFallback>
                  </Avatar>
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium">
                      {m.fullName} {m.userId === currentUserId ? <span className="text-muted-foreground">{t("members.you")}</span> : null}
                    </p>
                    <p className="truncate text-sm text-muted-foreground">{m.email}</p>
                  </div>
                  {can(role, "members:change-role") && manageable ? (
                    <Form method="post" className="flex items-center gap-2">
                      <input type="hidden" name="intent" value="change-role" />
                      <input type="hidden" name="memberId" value={m.id} />
                      <label className="sr-only" htmlFor={`role-${m.id}`}>
                        {t("members.roleOf", { name: m.fullName })}
                      </label>
                      <NativeSelect id={`role-${m.id}`} name="role" defaultValue={m.role} className="w-40">
                        {assignable.map((r) => (
                          <option key={r} value={r}>
                            {roleLabel(t, r)}
                          </option>
                        ))}
                      </NativeSelect>
                      <Button type="submit" variant="outline" size="sm" disabled={busy}>
                        {t("common.save")}
                      </Button>
                    </Form>
                  ) : (
                    <Badge variant="secondary">{roleLabel(t, m.role)}</Badge>
                  )}
                  {(can(role, "members:remove") && manageable) || m.userId === currentUserId ? (
                    <Form
                      method="post"
                      onSubmit={(event) => {
                        const question =
                          m.userId === currentUserId
                            ? t("members.leaveConfirm", { organization: organization.name })
                            : t("members.removeConfirm", { name: m.fullName });
                        if (!window.confirm(question)) event.preventDefault();
                      }}
                    >
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="memberId" value={m.id} />
                      <Button type="submit" variant="ghost" size="sm" className="text-destructive" disabled={busy}>
                        {m.userId === currentUserId ? t("members.leave") : t("members.remove")}
                      </Button>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </CardContent>
      </Card>

      {can(role, "members:invite") ? (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">{t("members.pending", { count: invites.length })}</CardTitle>
          </CardHeader>
          <CardContent>
            {invites.length === 0 ? <p className="text-sm text-muted-foreground">{t("members.noPending")}</p> : null}
            <ul className="divide-y">
              {invites.map((invite) => (
                <li key={invite.id} className="flex flex-wrap items-center gap-3 py-3" data-invite-id={invite.id}>
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium">{invite.email}</p>
                    <p className="text-sm text-muted-foreground">
                      {roleLabel(t, invite.role)} ·{" "}
                      {invite.expired
                        ? t("members.expired")
                        : t("members.expiresAt", { when: i18n.dateTime(invite.expiresAt, organization.timeZone) })}
                    </p>
                  </div>
                  <Form method="post">
                    <input type="hidden" name="intent" value="resend-invite" />
                    <input type="hidden" name="inviteId" value={invite.id} />
                    <Button type="submit" variant="outline" size="sm" disabled={busy}>
                      {t("members.resend")}
                    </Button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke-invite" />
                    <input type="hidden" name="inviteId" value={invite.id} />
                    <Button type="submit" variant="ghost" size="sm" className="text-destructive" disabled={busy}>
                      {t("members.revoke")}
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </main>
  );
}
