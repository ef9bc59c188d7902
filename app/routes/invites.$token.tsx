import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthCard, FormAlert } from "~/components/auth-card";
import { Button, buttonVariants } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { NewPasswordField } from "~/components/new-password-field";
import { invalidForm, parseFormData, readFormData } from "~/utils/forms.server";
import { notFound } from "~/utils/membership.server";
import { ROLE_LABELS } from "~/utils/permissions";
import { getRequestMeta } from "~/utils/request.server";
import { getSessionUser, redirectWithSession } from "~/utils/session.server";
import { passwordField, personNameField } from "~/utils/validation";
import { acceptInvite, acceptInviteAsNewUser } from "~/modules/invites/accept-invite.server";
import { findInvite } from "~/modules/invites/find-invite.server";
import { MembershipRuleError } from "~/modules/members/errors";

export const meta: MetaFunction = () => [{ title: "Convite · Loved CRM" }];

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("register"), name: personNameField, password: passwordField }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = tokenSchema.safeParse(params.token);
  if (!token.success) notFound();
  const invite = await findInvite(token.data);
  if (!invite) notFound();
  const user = await getSessionUser(request);
  return { invite, user: user ? { fullName: user.fullName, email: user.email } : null, token: token.data };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = tokenSchema.safeParse(params.token);
  if (!token.success) notFound();
  const form = parseFormData(await readFormData(request), actionSchema);
  if (!form.success) return invalidForm({ fieldErrors: form.fieldErrors });
  const meta = getRequestMeta(request, context);
  try {
    if (form.data.intent === "accept") {
      const user = await getSessionUser(request);
      if (!user) throw redirect(`/login?${new URLSearchParams({ redirectTo: `/invites/${token.data}` })}`);
      const accepted = await acceptInvite({ token: token.data, userId: user.id, meta });
      if (!accepted) notFound();
      throw redirect(`/o/${accepted.slug}/board`);
    }
    const created = await acceptInviteAsNewUser({ token: token.data, fullName: form.data.name, password: form.data.password, meta });
    if (!created) notFound();
    return await redirectWithSession(request, created.userId, meta, `/o/${created.slug}/board`);
  } catch (error) {
    if (error instanceof MembershipRuleError) return invalidForm({ formError: error.message }, 409);
    throw error;
  }
}

const UNAVAILABLE: Record<string, string> = {
  expired: "Este convite expirou. Peça um novo a quem convidou você.",
  revoked: "Este convite foi revogado.",
  accepted: "Este convite já foi aceito.",
};

export default function InvitePage() {
  const { invite, user, token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string[] | undefined> = actionData?.fieldErrors ?? {};
  const description = (
    <>
      {invite.inviterName ? `${invite.inviterName} convidou você` : "Você foi convidado"} para entrar em{" "}
      <strong>{invite.organizationName}</strong> como {ROLE_LABELS[invite.role]}.
    </>
  );
  if (invite.state !== "valid") {
    return (
      <AuthCard title="Convite indisponível" description={description}>
        <p className="text-sm">{UNAVAILABLE[invite.state]}</p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Entrar em ${invite.organizationName}`} description={description}>
      <div className="grid gap-4">
        <FormAlert message={actionData?.formError} />
        {user ? (
          <Form method="post" className="grid gap-3">
            <p className="text-sm text-muted-foreground">
              Você está conectado como <strong>{user.email}</strong>.
            </p>
            <input type="hidden" name="intent" value="accept" />
            <Button type="submit" disabled={navigation.state !== "idle"}>
              Aceitar convite
            </Button>
          </Form>
        ) : invite.hasAccount ? (
          <div className="grid gap-3">
            <p className="text-sm">
              Já existe uma conta para <strong>{invite.email}</strong>. Entre para aceitar o convite.
            </p>
            <Link className={buttonVariants()} to={`/login?${new URLSearchParams({ redirectTo: `/invites/${token}` })}`}>
              Entrar e aceitar
            </Link>
          </div>
        ) : (
          <Form method="post" className="grid gap-4" noValidate>
            <input type="hidden" name="intent" value="register" />
            <Field label="E-mail" name="email" value={invite.email} readOnly disabled />
            <Field label="Seu nome" name="name" autoComplete="name" required error={errors.name} />
            <NewPasswordField label="Crie uma senha" error={errors.password} />
            <Button type="submit" disabled={navigation.state !== "idle"}>
              Criar conta e entrar
            </Button>
            <p className="text-center text-sm text-muted-foreground">
              Tem outra conta?{" "}
              <Link className="text-primary underline-offset-4 hover:underline" to={`/login?${new URLSearchParams({ redirectTo: `/invites/${token}` })}`}>
                Entrar
              </Link>
            </p>
          </Form>
        )}
      </div>
    </AuthCard>
  );
}
