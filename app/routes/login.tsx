import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard, FormAlert } from "~/components/auth-card";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { readFormData } from "~/utils/forms.server";
import { requireAnonymous } from "~/utils/auth.server";
import { createAuthenticator, LoginValidationError } from "~/modules/auth/create-authenticator.server";
import { refusedForm } from "~/utils/refusal.server";
import { landingPathFor } from "~/modules/organizations/landing-path.server";
import { getRequestMeta, safeRedirectPath } from "~/utils/request.server";
import { redirectWithSession } from "~/utils/session.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { retryAfterHeaders } from "~/modules/rate-limits/retry-after-headers";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const meta = getRequestMeta(request, context);
  const i18n = await getRequestI18n(request, context);
  const form = await readFormData(request.clone(), i18n);
  const email = String(form.get("email") ?? "");
  try {
    const user = await createAuthenticator(meta.ipAddress, i18n).authenticate("form", request);
    const to = safeRedirectPath(form.get("redirectTo"), await landingPathFor(user.id));
    return await redirectWithSession(request, user.id, meta, to);
  } catch (error) {
    if (error instanceof LoginValidationError) {
      return data({ fieldErrors: error.fieldErrors, formError: null, email }, { status: 400 });
    }
    const refused = refusedForm(error, i18n, { email });
    if (refused) return refused;
    throw error;
  }
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useI18n();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  return (
    <AuthCard
      title={t("auth.login.title")}
      description={t("auth.login.description")}
      footer={
        <>
          {t("auth.login.noAccount")}{" "}
          <Link className="font-medium text-primary underline-offset-4 hover:underline" to="/signup">
            {t("auth.login.createOrganization")}
          </Link>
        </>
      }
    >
      <Form method="post" className="grid gap-4" noValidate>
        <FormAlert message={actionData?.formError} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label={t("auth.email")}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={actionData?.email}
          error={actionData?.fieldErrors.email}
        />
        <Field
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={actionData?.fieldErrors.password}
        />
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? t("auth.login.submitting") : t("auth.login.submit")}
        </Button>
      </Form>
    </AuthCard>
  );
}
