import { data } from "@remix-run/node";
import { withMembershipsOf } from "./db.server";
import { requireUser } from "./auth.server";
import { noteActor, oncePerRequest } from "./work-context.server";
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
  const found = await oncePerRequest(`member:${user.id}:${slug}`, () => findMembership(user.id, slug));
  if (!found) notFound();
  const { role, ...organization } = found;
  const member: MemberContext = { user, organization, role };
  noteActor(organization.id, user.id);
  if (permission) requirePermission(member, permission);
  return member;
}

/** One statement: the organization joined with the caller's own membership (visible through `app.user_id`). */
async function findMembership(userId: string, slug: string) {
  const [found] = await withMembershipsOf(userId, (db) =>
    db.execute<(MemberContext["organization"] & { role: Role })[]>(
      `select o.id, o.name, o.slug, o.currency, o.time_zone as "timeZone", o.locale, m.role
         from organizations o join organization_members m on m.organization_id = o.id and m.user_id = ?
        where o.slug = ?`,
      [userId, slug],
    ),
  );
  return found ?? null;
}

/** For actions whose permission depends on what was posted: 403 unless the member's role allows it. */
export function requirePermission(member: MemberContext, permission: Permission) {
  if (!can(member.role, permission)) {
    throw data({ message: "Seu papel nesta organização não permite esta ação." }, { status: 403 });
  }
}
