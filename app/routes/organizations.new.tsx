import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { AuthCard, FormAlert } from "~/components/auth-card";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { requireUser } from "~/utils/auth.server";
import { invalidForm, parseForm } from "~/utils/forms.server";
import { createOwnedOrganization } from "~/modules/organizations/create-owned-organization.server";
import { newOrganizationSchema } from "~/modules/organizations/new-organization-schema.server";
import { refusedForm } from "~/utils/refusal.server";
import { retryAfterHeaders } from "~/modules/rate-limits/retry-after-headers";
import { getRequestI18n } from "~/utils/request-locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organizations.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const i18n = await getRequestI18n(request, context);
  const form = await parseForm(request, newOrganizationSchema, i18n);
  if (!form.success) return invalidForm({ fieldErrors: form.fieldErrors });
  try {
    const organization = await createOwnedOrganization({ name: form.data.organization, ownerId: user.id, locale: i18n.locale });
    return redirect(`/o/${organization.slug}/board`);
  } catch (error) {
    const refused = refusedForm(error, i18n);
    if (refused) return refused;
    throw error;
  }
}

export default function NewOrganizationPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  return (
    <AuthCard title={t("organizations.new.title")} description={t("organizations.new.description")}>
      <Form method="post" className="grid gap-4" noValidate>
        <FormAlert message={actionData?.formError} />
        <Field label={t("auth.signup.organizationName")} name="organization" required error={actionData?.fieldErrors.organization} />
        <Button type="submit" disabled={navigation.state !== "idle"}>
          {t("organizations.new.submit")}
        </Button>
      </Form>
    </AuthCard>
  );
}
