import { data } from "@remix-run/node";
import { withMembershipsOf } from "./db.server";
import { requireUser } from "./auth.server";
import { noteActor } from "./log-context.server";
import { can, type Permission, type Role } from "~/lib/permissions";
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
  // One statement: the organization joined with the caller's own membership (visible through `app.user_id`).
  const [found] = await withMembershipsOf(user.id, (db) =>
    db.execute<(MemberContext["organization"] & { role: Role })[]>(
      `select o.id, o.name, o.slug, o.currency, o.time_zone as "timeZone", o.locale, m.role
         from organizations o join organization_members m on m.organization_id = o.id and m.user_id = ?
        where o.slug = ?`,
      [user.id, slug],
    ),
  );
  if (!found) notFound();
  const { role, ...organization } = found;
  const member: MemberContext = { user, organization, role };
  noteActor(organization.id, user.id);
  if (permission) requirePermission(member, permission);
  return member;
}

/** For actions whose permission depends on what was posted: 403 unless the member's role allows it. */
export function requirePermission(member: MemberContext, permission: Permission) {
  if (!can(member.role, permission)) {
    throw data({ message: "Seu papel nesta organização não permite esta ação." }, { status: 403 });
  }
}
