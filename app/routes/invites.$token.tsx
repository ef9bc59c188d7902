import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard, FormAlert } from "~/components/auth-card";
import { Button, buttonVariants } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { NewPasswordField } from "~/components/new-password-field";
import { invalidForm, parseFormData, readFormData } from "~/utils/forms.server";
import { notFound } from "~/utils/membership.server";
import { roleLabel } from "~/lib/labels";
import { getRequestMeta } from "~/utils/request.server";
import { getSessionUser, redirectWithSession } from "~/utils/session.server";
import { acceptInvite, acceptInviteAsNewUser } from "~/modules/invites/accept-invite.server";
import { findInvite } from "~/modules/invites/find-invite.server";
import { inviteActionSchema, inviteTokenSchema } from "~/modules/invites/invite-schemas.server";
import { maskEmail } from "~/modules/invites/mask-email";
import { refusedForm } from "~/utils/refusal.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { retryAfterHeaders } from "~/modules/rate-limits/retry-after-headers";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invite.pageTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = inviteTokenSchema.safeParse(params.token);
  if (!token.success) notFound();
  const invite = await findInvite(token.data);
  if (!invite) notFound();
  const user = await getSessionUser(request);
  const wrongAccount = user && user.email.toLowerCase() !== invite.email.toLowerCase() ? maskEmail(invite.email) : null;
  // Someone signed in as another person learns only enough of the address to recognise it.
  return {
    invite: wrongAccount ? { ...invite, email: wrongAccount } : invite,
    user: user ? { fullName: user.fullName, email: user.email } : null,
    wrongAccount,
    token: token.data,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = inviteTokenSchema.safeParse(params.token);
  if (!token.success) notFound();
  const i18n = await getRequestI18n(request, context);
  const form = parseFormData(await readFormData(request, i18n), inviteActionSchema, i18n);
  if (!form.success) return invalidForm({ fieldErrors: form.fieldErrors });
  const meta = getRequestMeta(request, context);
  try {
    if (form.data.intent === "accept") {
      const user = await getSessionUser(request);
      if (!user) throw redirect(`/login?${new URLSearchParams({ redirectTo: `/invites/${token.data}` })}`);
      const accepted = await acceptInvite({ token: token.data, user, meta });
      if (!accepted) notFound();
      throw redirect(`/o/${accepted.slug}/board`);
    }
    const created = await acceptInviteAsNewUser({ token: token.data, fullName: form.data.name, password: form.data.password, meta });
    if (!created) notFound();
    return await redirectWithSession(request, created.userId, meta, `/o/${created.slug}/board`);
  } catch (error) {
    const refused = refusedForm(error, i18n);
    if (refused) return refused;
    throw error;
  }
}

const UNAVAILABLE = { expired: "invite.expired", revoked: "invite.revoked", accepted: "invite.accepted", unavailable: "invite.notAvailable" } as const;

export default function InvitePage() {
  const { invite, user, wrongAccount, token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors: Record<string, string[] | undefined> = actionData?.fieldErrors ?? {};
  const description = (
    <>
      {invite.inviterName ? t("invite.invitedBy", { name: invite.inviterName }) : t("invite.invited")} {t("invite.toJoin")}{" "}
      <strong>{invite.organizationName}</strong> {t("invite.as", { role: roleLabel(t, invite.role) })}
    </>
  );
  if (invite.state !== "valid") {
    const unavailable = t(UNAVAILABLE[invite.state]);
    return (
      <AuthCard title={t("invite.unavailableTitle")} description={description}>
        {/* A refusal (a limit) still shows; "already accepted" is the card's own sentence. */}
        <FormAlert message={actionData?.formError === unavailable ? null : actionData?.formError} />
        <p className="text-sm">{unavailable}</p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("invite.join", { organization: invite.organizationName })} description={description}>
      <div className="grid gap-4">
        <FormAlert message={actionData?.formError} />
        {user && wrongAccount ? (
          <p className="text-sm">{t("invite.wrongAccount", { email: wrongAccount })}</p>
        ) : user ? (
          <Form method="post" className="grid gap-3">
            <p className="text-sm text-muted-foreground">
              {t("invite.signedInAs")} <strong>{user.email}</strong>.
            </p>
            <input type="hidden" name="intent" value="accept" />
            <Button type="submit" disabled={navigation.state !== "idle"}>
              {t("invite.accept")}
            </Button>
          </Form>
        ) : invite.hasAccount ? (
          <div className="grid gap-3">
            <p className="text-sm">{t("invite.hasAccount", { email: invite.email })}</p>
            <Link className={buttonVariants()} to={`/login?${new URLSearchParams({ redirectTo: `/invites/${token}` })}`}>
              {t("invite.loginAndAccept")}
            </Link>
          </div>
        ) : (
          <Form method="post" className="grid gap-4" noValidate>
            <input type="hidden" name="intent" value="register" />
            <Field label={t("auth.email")} name="email" value={invite.email} readOnly disabled />
            <Field label={t("auth.yourName")} name="name" autoComplete="name" required error={errors.name} />
            <NewPasswordField label={t("invite.createPassword")} error={errors.password} />
            <Button type="submit" disabled={navigation.state !== "idle"}>
              {t("invite.register")}
            </Button>
            <p className="text-center text-sm text-muted-foreground">
              {t("invite.otherAccount")}{" "}
              <Link className="text-primary underline underline-offset-4" to={`/login?${new URLSearchParams({ redirectTo: `/invites/${token}` })}`}>
                {t("invite.login")}
              </Link>
            </p>
          </Form>
        )}
      </div>
    </AuthCard>
  );
}
