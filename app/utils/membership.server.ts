import { data } from "@remix-run/node";
import { executeWithoutTenant } from "./db.server";
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
  const found = (await findUserMemberships(user.id)).find((membership) => membership.slug === slug);
  if (!found) notFound();
  if (found.deletedAt) refuseDeleted(found);
  const { role, deletedAt: _deletedAt, purgeAfter: _purgeAfter, ...organization } = found;
  const member: MemberContext = { user, organization, role };
  noteActor(organization.id, user.id);
  if (permission) requirePermission(member, permission);
  return member;
}

type Membership = MemberContext["organization"] & { role: Role; deletedAt: Date | null; purgeAfter: Date | null };

/**
 * A deleted organization is gone for its members at once (410): its owners
 * are told until when they can restore it (from their account page), the
 * others only that it was deleted.
 */
function refuseDeleted(membership: Membership): never {
  const restorableUntil = membership.role === "owner" && membership.purgeAfter ? new Date(membership.purgeAfter).toISOString() : undefined;
  throw data({ message: "Esta organização foi excluída.", restorableUntil, timeZone: membership.timeZone }, { status: 410 });
}

/**
 * Every organization the user belongs to with their role, by name: the guard
 * picks the slug from it and the layout's switcher lists it, so a request pays
 * one statement for both (no transaction: `find_user_memberships` scopes itself
 * to the user, below row-level security).
 */
export function findUserMemberships(userId: string): Promise<Membership[]> {
  return oncePerRequest(`memberships:${userId}`, () =>
    executeWithoutTenant<Membership>(
      `select id, name, slug, currency, time_zone as "timeZone", locale, role, deleted_at as "deletedAt", purge_after as "purgeAfter"
         from find_user_memberships(?)`,
      [userId],
    ),
  );
}

/** For actions whose permission depends on what was posted: 403 unless the member's role allows it. */
export function requirePermission(member: MemberContext, permission: Permission) {
  if (!can(member.role, permission)) {
    throw data({ message: "Seu papel nesta organização não permite esta ação." }, { status: 403 });
  }
}
