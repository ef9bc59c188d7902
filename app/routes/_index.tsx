import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/utils/session.server";
import { landingPathFor } from "~/modules/organizations/landing-path.server";

/**
 * Home is your board; signed-out visitors go to login. The board keeps the
 * query, so the installed app's "my leads" shortcut (`/?assignee=mine`) needs
 * no organization in its URL.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (!user) throw redirect("/login");
  const landing = await landingPathFor(user.id);
  throw redirect(landing.endsWith("/board") ? landing + new URL(request.url).search : landing);
}
