import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/utils/membership.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug);
  throw redirect(`/o/${organization.slug}/board`);
}
