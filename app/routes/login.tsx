import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard, FormAlert } from "~/components/auth-card";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { readFormData } from "~/utils/forms.server";
import { createAuthenticator, LoginValidationError, requireAnonymous } from "~/utils/auth.server";
import { LoginError } from "~/modules/auth/verify-login.server";
import { landingPathFor } from "~/modules/organizations/landing-path.server";
import { getRequestMeta, safeRedirectPath } from "~/utils/request.server";
import { redirectWithSession } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Entrar · Loved CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const meta = getRequestMeta(request, context);
  const form = await readFormData(request.clone());
  const email = String(form.get("email") ?? "");
  try {
    const user = await createAuthenticator(meta.ipAddress).authenticate("form", request);
    const to = safeRedirectPath(form.get("redirectTo"), await landingPathFor(user.id));
    return await redirectWithSession(request, user.id, meta, to);
  } catch (error) {
    if (error instanceof LoginValidationError) {
      return data({ fieldErrors: error.fieldErrors, formError: null, email }, { status: 400 });
    }
    if (error instanceof LoginError) {
      return data(
        { fieldErrors: {} as Record<string, string[] | undefined>, formError: error.message, email },
        { status: error.reason === "rate_limited" ? 429 : 401 },
      );
    }
    throw error;
  }
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  return (
    <AuthCard
      title="Entrar"
      description="Acesse o quadro de vendas da sua equipe."
      footer={
        <>
          Ainda não tem conta?{" "}
          <Link className="font-medium text-primary underline-offset-4 hover:underline" to="/signup">
            Crie sua organização
          </Link>
        </>
      }
    >
      <Form method="post" className="grid gap-4" noValidate>
        <FormAlert message={actionData?.formError} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={actionData?.email}
          error={actionData?.fieldErrors.email}
        />
        <Field
          label="Senha"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={actionData?.fieldErrors.password}
        />
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Entrando…" : "Entrar"}
        </Button>
      </Form>
    </AuthCard>
  );
}
