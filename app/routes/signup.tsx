import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AuthCard, FormAlert } from "~/components/auth-card";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { NewPasswordField } from "~/components/new-password-field";
import { requireAnonymous } from "~/utils/auth.server";
import { invalidForm, parseForm } from "~/utils/forms.server";
import { getRequestMeta } from "~/utils/request.server";
import { redirectWithSession } from "~/utils/session.server";
import { signUp } from "~/modules/auth/sign-up.server";
import { signUpSchema } from "~/modules/auth/sign-up-schema.server";
import { refusedForm } from "~/utils/refusal.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { retryAfterHeaders } from "~/modules/rate-limits/retry-after-headers";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.signup.pageTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const i18n = await getRequestI18n(request, context);
  const form = await parseForm(request, signUpSchema, i18n);
  if (!form.success) return invalidForm({ fieldErrors: form.fieldErrors });
  const meta = getRequestMeta(request, context);
  try {
    const { userId, slug } = await signUp({ ...form.data, locale: i18n.locale, ipAddress: meta.ipAddress });
    return await redirectWithSession(request, userId, meta, `/o/${slug}/board`);
  } catch (error) {
    const refused = refusedForm(error, i18n);
    if (refused) return refused;
    throw error;
  }
}

export default function SignupPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors: Record<string, string[] | undefined> = actionData?.fieldErrors ?? {};
  return (
    <AuthCard
      title={t("auth.signup.title")}
      description={t("auth.signup.description")}
      footer={
        <>
          {t("auth.signup.hasAccount")}{" "}
          <Link className="font-medium text-primary underline-offset-4 hover:underline" to="/login">
            {t("auth.login.submit")}
          </Link>
        </>
      }
    >
      <Form method="post" className="grid gap-4" noValidate>
        <FormAlert message={actionData?.formError} />
        <Field label={t("auth.yourName")} name="name" autoComplete="name" required error={errors.name} />
        <Field label={t("auth.email")} name="email" type="email" autoComplete="email" required error={errors.email} />
        <NewPasswordField label={t("auth.password")} error={errors.password} />
        <Field label={t("auth.signup.organizationName")} name="organization" autoComplete="organization" required error={errors.organization} />
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? t("auth.signup.submitting") : t("auth.signup.submit")}
        </Button>
      </Form>
    </AuthCard>
  );
}
