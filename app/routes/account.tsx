import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AccountForm } from "~/components/account/account-form";
import { Card, CardContent } from "~/components/ui/card";
import { clearLocaleCookie, serializeLocaleCookie } from "~/i18n/locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { accountSchema } from "~/modules/users/account-schema.server";
import { getAccount } from "~/modules/users/get-account.server";
import { DEFAULT_TIME_ZONE, isTimeZone, TIME_ZONES } from "~/modules/users/time-zones.server";
import { updateAccount } from "~/modules/users/update-account.server";
import { requireUser } from "~/utils/auth.server";
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
  return { account: { ...account, timeZone }, timeZones: TIME_ZONES, saved: new URL(request.url).searchParams.has("saved") };
}

/**
 * Saves and answers with a redirect: the page is loaded again as a new
 * document, so a changed language takes effect at once (the catalogue is the
 * document's). The locale cookie follows the choice, as the header's language
 * switch sets it; "follow the browser" forgets it.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const i18n = await getRequestI18n(request, context);
  const form = await readFormData(request, i18n);
  const parsed = parseFormData(form, accountSchema, i18n);
  if (!parsed.success) {
    // What was typed comes back, so a page loaded without JavaScript shows it beside its errors.
    const values = Object.fromEntries(FIELDS.map((name) => [name, String(form.get(name) ?? "")]));
    return data({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  }
  if (!(await updateAccount(user.id, parsed.data))) notFound();
  const locale = parsed.data.locale;
  throw redirect("/account?saved", {
    headers: { "Set-Cookie": locale ? serializeLocaleCookie(locale, request) : clearLocaleCookie(request) },
  });
}

export default function AccountPage() {
  const { account, timeZones, saved } = useLoaderData<typeof loader>();
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
      {saved && !actionData ? (
        <p role="status" className="rounded-md border border-success/40 bg-success/10 px-3 py-2 text-sm">
          {t("account.saved")}
        </p>
      ) : null}
      <Card>
        <CardContent className="pt-4 sm:pt-6">
          <AccountForm account={account} timeZones={timeZones} errors={actionData?.fieldErrors ?? {}} values={actionData?.values} />
        </CardContent>
      </Card>
    </main>
  );
}
