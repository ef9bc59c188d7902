import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { OrgHeader } from "~/components/org-header";
import { requireMember } from "~/utils/membership.server";
import { listUserOrganizations } from "~/modules/organizations/list-user-organizations.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.slug);
  const organizations = await listUserOrganizations(member.user.id);
  return {
    organization: member.organization,
    role: member.role,
    user: { id: member.user.id, fullName: member.user.fullName, email: member.user.email },
    organizations,
  };
}

export default function OrganizationLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="flex min-h-dvh flex-col">
      <OrgHeader {...data} />
      <Outlet />
    </div>
  );
}
