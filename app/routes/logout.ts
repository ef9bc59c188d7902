import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getSessionUser, destroyUserSession } from "~/utils/session.server";
import { endSessionStreams } from "~/modules/realtime/end-session-streams.server";
import { serializeLocaleCookie } from "~/i18n/locale.server";

export async function loader() {
  throw redirect("/");
}

/**
 * Deletes the session row, clears the cookie and closes the session's open event streams on every web node.
 * The login page that follows stays in the member's chosen language (the visitors' cookie carries it).
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  const cookie = await destroyUserSession(request);
  if (user) await endSessionStreams(user.sessionId);
  const headers = new Headers({ "Set-Cookie": cookie });
  if (user?.locale) headers.append("Set-Cookie", serializeLocaleCookie(user.locale, request));
  throw redirect("/login", { headers });
}
