import { data } from "@remix-run/node";
import { Organization } from "@db/entities/organization";
import { OrganizationMember } from "@db/entities/organization-member";
import { withMembershipsOf } from "./db.server";
import { requireUser } from "./auth.server";
import { can, type Permission, type Role } from "./permissions";
import type { SessionUser } from "./session.server";

export interface MemberContext {
  user: SessionUser;
  organization: { id: string; name: string; slug: string; currency: string; timeZone: string; locale: string };
  role: Role;
}

export function notFound(message = "Não encontrado"): never {
  throw data({ message }, { status: 404 });
}

/**
 * The guard of every `/o/:slug/...` loader and action: session → user →
 * membership → role. Non-members get 404 (never 403), so nobody learns that an
 * organization exists; members whose role lacks the permission get 403.
 */
export async function requireMember(request: Request, slug: string | undefined, permission?: Permission): Promise<MemberContext> {
  const user = await requireUser(request);
  if (!slug) notFound();
  const found = await withMembershipsOf(user.id, async (db) => {
    const organization = await db.findOne(Organization, { slug });
    if (!organization) return null;
    const membership = await db.findOne(OrganizationMember, { organization: organization.id, user: user.id });
    return membership ? { organization, role: membership.role } : null;
  });
  if (!found) notFound();
  const { organization } = found;
  const member: MemberContext = {
    user,
    organization: {
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      currency: organization.currency,
      timeZone: organization.timeZone,
      locale: organization.locale,
    },
    role: found.role,
  };
  if (permission) requirePermission(member, permission);
  return member;
}

/** For actions whose permission depends on what was posted: 403 unless the member's role allows it. */
export function requirePermission(member: MemberContext, permission: Permission) {
  if (!can(member.role, permission)) {
    throw data({ message: "Seu papel nesta organização não permite esta ação." }, { status: 403 });
  }
}
