import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroyUserSession } from "~/utils/session.server";

export async function loader() {
  throw redirect("/");
}

/** Deletes the session row and clears the cookie. */
export async function action({ request }: ActionFunctionArgs) {
  throw redirect("/login", { headers: { "Set-Cookie": await destroyUserSession(request) } });
}
