import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { serializeLocaleCookie } from "~/i18n/locale.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { localeChoiceSchema } from "~/modules/users/locale-choice.server";
import { saveUserLocale } from "~/modules/users/save-user-locale.server";
import { readFormData } from "~/utils/forms.server";
import { safeRedirectPath } from "~/utils/request.server";
import { getSessionUser } from "~/utils/session.server";

export async function loader() {
  throw redirect("/");
}

/**
 * The language switch (a plain form post, so it works before JavaScript):
 * a member's choice is saved on their user row; the cookie keeps the login
 * and sign-up pages in that language for visitors and after logout.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request, await getRequestI18n(request, context));
  const parsed = localeChoiceSchema.safeParse(Object.fromEntries(form));
  const to = safeRedirectPath(form.get("redirectTo"), "/");
  if (!parsed.success) throw redirect(to);
  const user = await getSessionUser(request);
  if (user) await saveUserLocale(user.id, parsed.data.locale);
  throw redirect(to, { headers: { "Set-Cookie": serializeLocaleCookie(parsed.data.locale, request) } });
}
