import { redirect } from "@remix-run/node";
import { getSessionUser, type SessionUser } from "./session.server";

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
  }
  return user;
}

/** Pages for signed-out visitors (login, sign-up) send signed-in users home. */
export async function requireAnonymous(request: Request) {
  if (await getSessionUser(request)) throw redirect("/");
}
