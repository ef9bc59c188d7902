import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getSessionUser, destroyUserSession } from "~/utils/session.server";
import { endSessionStreams } from "~/modules/realtime/end-session-streams.server";

export async function loader() {
  throw redirect("/");
}

/** Deletes the session row, clears the cookie and closes the session's open event streams on every web node. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  const cookie = await destroyUserSession(request);
  if (user) await endSessionStreams(user.sessionId);
  throw redirect("/login", { headers: { "Set-Cookie": cookie } });
}
