import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { OrgHeader } from "~/components/org-header";
import { RouteError } from "~/components/route-error";
import { useI18n } from "~/i18n/react";
import { requireMember } from "~/utils/membership.server";
import { listRestorableOrganizations } from "~/modules/organizations/list-restorable-organizations.server";
import { listUserOrganizations } from "~/modules/organizations/list-user-organizations.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.slug);
  const organizations = await listUserOrganizations(member.user.id);
  return {
    organization: member.organization,
    role: member.role,
    user: { id: member.user.id, fullName: member.user.fullName, email: member.user.email },
    organizations,
    restorable: await listRestorableOrganizations(member.user.id),
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

/**
 * A page under the organization that fails (a lead that is gone, a thrown
 * error) answers inside the frame, header and navigation kept. When this
 * layout's own loader failed there is no frame to keep: the whole page.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("routes/o.$slug");
  const { t } = useI18n();
  if (!data) return <RouteError error={error} className="min-h-dvh" back={{ to: "/", label: t("errors.backHome") }} />;
  return (
    <div className="flex min-h-dvh flex-col">
      <OrgHeader {...data} returnTo={`/o/${data.organization.slug}/board`} />
      <RouteError error={error} className="flex-1" back={{ to: `/o/${data.organization.slug}/board`, label: t("errors.backToBoard") }} />
    </div>
  );
}
