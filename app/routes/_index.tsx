import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/utils/session.server";
import { landingPathFor } from "~/modules/organizations/landing-path.server";

/** Home is your board; signed-out visitors go to login. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  throw redirect(user ? await landingPathFor(user.id) : "/login");
}
