import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormAlert } from "~/components/auth-card";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { deleteOrganization, ORGANIZATION_GRACE_DAYS } from "~/modules/organizations/delete-organization.server";
import { organizationIntentSchema } from "~/modules/organizations/organization-intents.server";
import { parseFormData, readFormData } from "~/utils/forms.server";
import { requireMember } from "~/utils/membership.server";
import { refusedForm } from "~/utils/refusal.server";
import { getRequestMeta } from "~/utils/request.server";
import { getRequestI18n } from "~/utils/request-locale.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organization.delete.pageTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug, "organization:delete");
  return { organization: { name: organization.name, slug: organization.slug }, graceDays: ORGANIZATION_GRACE_DAYS };
}

/** Deletes the organization; the owner lands on their account page, which offers the restore. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "organization:delete");
  const i18n = await getRequestI18n(request, context);
  const form = await readFormData(request, i18n);
  const parsed = parseFormData(form, organizationIntentSchema, i18n);
  if (!parsed.success) {
    const known = Object.keys(parsed.fieldErrors).length > 0;
    return data({ fieldErrors: parsed.fieldErrors, formError: known ? i18n.t("errors.fixFields") : i18n.t("errors.unknownAction") }, { status: 400 });
  }
  const actor = { organizationId: member.organization.id, userId: member.user.id, meta: getRequestMeta(request, context) };
  try {
    await deleteOrganization(actor, { confirmSlug: parsed.data.confirmSlug });
  } catch (error) {
    const refused = refusedForm(error, i18n);
    if (refused) return refused;
    throw error;
  }
  throw redirect("/account?organizationDeleted");
}

export default function OrganizationSettingsPage() {
  const { organization, graceDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  return (
    <main className="mx-auto grid w-full max-w-3xl gap-4 p-3 sm:p-4">
      <h1 className="text-xl font-semibold">{t("organization.delete.pageTitle")}</h1>
      <section aria-labelledby="delete-organization" className="grid gap-3 rounded-md border border-destructive/50 p-4">
        <h2 id="delete-organization" className="font-semibold text-destructive">
          {t("organization.delete.title")}
        </h2>
        <p className="text-sm">{t("organization.delete.explanation", { organization: organization.name, days: graceDays })}</p>
        <FormAlert message={actionData?.formError} />
        <Form method="post" className="grid gap-3">
          <input type="hidden" name="intent" value="delete-organization" />
          <Field
            label={t("organization.delete.confirmLabel", { slug: organization.slug })}
            name="confirmSlug"
            required
            autoComplete="off"
            maxLength={60}
            error={actionData?.fieldErrors?.confirmSlug}
          />
          <Button type="submit" variant="destructive" className="justify-self-start" disabled={navigation.state !== "idle"}>
            {t("organization.delete.submit")}
          </Button>
        </Form>
      </section>
    </main>
  );
}
