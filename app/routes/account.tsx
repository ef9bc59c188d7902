import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AccountForm } from "~/components/account/account-form";
import { FormAlert, FormNotice } from "~/components/auth-card";
import { Card, CardContent } from "~/components/ui/card";
import { clearLocaleCookie, serializeLocaleCookie } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { DeleteAccountForm, RestorableOrganizations } from "~/components/account/account-deletion";
import { listRestorableOrganizations } from "~/modules/organizations/list-restorable-organizations.server";
import { restoreOrganization } from "~/modules/organizations/restore-organization.server";
import { accountIntentSchema } from "~/modules/users/account-intents.server";
import { accountSchema } from "~/modules/users/account-schema.server";
import { deleteAccount } from "~/modules/users/delete-account.server";
import { getAccount } from "~/modules/users/get-account.server";
import { DEFAULT_TIME_ZONE, isTimeZone, TIME_ZONES } from "~/modules/users/time-zones.server";
import { updateAccount } from "~/modules/users/update-account.server";
import { requireUser } from "~/utils/auth.server";
import { destroyUserSession } from "~/utils/session.server";
import { refusedForm } from "~/utils/refusal.server";
import { getRequestMeta } from "~/utils/request.server";
import { parseFormData, readFormData } from "~/utils/forms.server";
import { notFound } from "~/utils/membership.server";
import { getRequestI18n } from "~/utils/request-locale.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.pageTitle");

const FIELDS = ["fullName", "locale", "timeZone", "phone"] as const;

/** Any signed-in person's own account; there is no id in the URL or the form: it is always the session's user. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const account = await getAccount(user.id);
  if (!account) notFound();
  // A zone this runtime no longer knows cannot be chosen again: the select offers the default instead.
  const timeZone = isTimeZone(account.timeZone) ? account.timeZone : DEFAULT_TIME_ZONE;
  const query = new URL(request.url).searchParams;
  return {
    account: { ...account, timeZone },
    timeZones: TIME_ZONES,
    saved: query.has("saved"),
    organizationDeleted: query.has("organizationDeleted"),
    restored: query.has("restored"),
    restorable: await listRestorableOrganizations(user.id),
  };
}

/**
 * Saves and answers with a redirect: the page is loaded again as a new
 * document, so a changed language takes effect at once (the catalogue is the
 * document's). The locale cookie follows the choice, as the header's language
 * switch sets it; "follow the browser" forgets it. The page's other forms
 * carry an `intent`: restoring a deleted organization the person owns, and
 * deleting the account (which signs them out).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const i18n = await getRequestI18n(request, context);
  const form = await readFormData(request, i18n);
  if (form.has("intent")) {
    const parsed = parseFormData(form, accountIntentSchema, i18n);
    if (!parsed.success) {
      const formName = String(form.get("intent"));
      // The restore form has no field to mark (its organization is a hidden input): the error goes above it.
      const formError = formName === "restore-organization" ? i18n.t("errors.notAForm") : null;
      return data({ formName, fieldErrors: parsed.fieldErrors, formError }, { status: 400 });
    }
    const meta = getRequestMeta(request, context);
    try {
      if (parsed.data.intent === "restore-organization") {
        const restored = await restoreOrganization({ organizationId: parsed.data.organizationId, userId: user.id, meta });
        if (!restored) notFound();
        throw redirect(restored.restored ? "/account?restored" : "/account");
      }
      await deleteAccount({ userId: user.id, email: user.email, password: parsed.data.password, meta });
    } catch (error) {
      const refused = refusedForm(error, i18n, { formName: parsed.data.intent });
      if (refused) return refused;
      throw error;
    }
    // Every session of the account is gone already (their streams closed with them): the cookie goes too.
    throw redirect("/login?accountDeleted", { headers: { "Set-Cookie": await destroyUserSession(request) } });
  }
  const parsed = parseFormData(form, accountSchema, i18n);
  if (!parsed.success) {
    // What was typed comes back, so a page loaded without JavaScript shows it beside its errors.
    const values = Object.fromEntries(FIELDS.map((name) => [name, String(form.get(name) ?? "")]));
    return data({ formName: "account", fieldErrors: parsed.fieldErrors, formError: null, values }, { status: 400 });
  }
  if (!(await updateAccount(user.id, parsed.data))) notFound();
  const locale = parsed.data.locale;
  throw redirect("/account?saved", {
    headers: { "Set-Cookie": locale ? serializeLocaleCookie(locale, request) : clearLocaleCookie(request) },
  });
}

export default function AccountPage() {
  const { account, timeZones, saved, organizationDeleted, restored, restorable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <main className="mx-auto grid w-full max-w-2xl gap-4 p-3 sm:p-4">
      <Link to="/" className="justify-self-start text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
        ← {t("account.back")}
      </Link>
      <div>
        <h1 className="text-xl font-semibold">{t("account.title")}</h1>
        <p className="text-sm text-muted-foreground">{t("account.description")}</p>
      </div>
      <FormNotice message={saved && !actionData ? t("account.saved") : null} />
      <Card>
        <CardContent className="pt-4 sm:pt-6">
          <AccountForm
            account={account}
            timeZones={timeZones}
            errors={actionData?.formName === "account" ? actionData.fieldErrors : {}}
            values={actionData?.formName === "account" ? (actionData as { values?: Record<string, string> }).values : undefined}
          />
        </CardContent>
      </Card>
      <FormNotice message={restored && !actionData ? t("organization.restore.done") : null} />
      <FormAlert message={actionData?.formName === "restore-organization" ? actionData.formError : null} />
      <RestorableOrganizations organizations={restorable} justDeleted={organizationDeleted} timeZone={account.timeZone} />
      <DeleteAccountForm
        errors={actionData?.formName === "delete-account" ? actionData.fieldErrors : {}}
        formError={actionData?.formName === "delete-account" ? actionData.formError : null}
      />
    </main>
  );
}
