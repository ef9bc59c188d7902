import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthCard, FormAlert } from "~/components/auth-card";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { NewPasswordField } from "~/components/new-password-field";
import { requireAnonymous } from "~/utils/auth.server";
import { invalidForm, parseForm } from "~/utils/forms.server";
import { getRequestMeta } from "~/utils/request.server";
import { redirectWithSession } from "~/utils/session.server";
import { emailField, organizationNameField, passwordField, personNameField } from "~/utils/validation";
import { EmailTakenError, signUp } from "~/modules/auth/sign-up.server";

export const meta: MetaFunction = () => [{ title: "Criar conta · Loved CRM" }];

const schema = z.object({
  name: personNameField,
  email: emailField,
  password: passwordField,
  organization: organizationNameField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const form = await parseForm(request, schema);
  if (!form.success) return invalidForm({ fieldErrors: form.fieldErrors });
  try {
    const { userId, slug } = await signUp(form.data);
    return await redirectWithSession(request, userId, getRequestMeta(request, context), `/o/${slug}/board`);
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return invalidForm({ fieldErrors: { email: [error.message] } }, 409);
    }
    throw error;
  }
}

export default function SignupPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string[] | undefined> = actionData?.fieldErrors ?? {};
  return (
    <AuthCard
      title="Crie sua organização"
      description="Comece com o funil padrão — Lead, Contato, Proposta, Negociação e Fechado."
      footer={
        <>
          Já tem conta?{" "}
          <Link className="font-medium text-primary underline-offset-4 hover:underline" to="/login">
            Entrar
          </Link>
        </>
      }
    >
      <Form method="post" className="grid gap-4" noValidate>
        <FormAlert message={actionData?.formError} />
        <Field label="Seu nome" name="name" autoComplete="name" required error={errors.name} />
        <Field label="E-mail" name="email" type="email" autoComplete="email" required error={errors.email} />
        <NewPasswordField label="Senha" error={errors.password} />
        <Field label="Nome da organização" name="organization" autoComplete="organization" required error={errors.organization} />
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Criando…" : "Criar conta"}
        </Button>
      </Form>
    </AuthCard>
  );
}
