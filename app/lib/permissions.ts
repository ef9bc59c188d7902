/**
 * The one permission matrix. Actions check it with `requireMember(request, slug, permission)`;
 * components check it with `can(role, permission)` to hide what a role cannot do.
 */
export const ROLES = ["owner", "admin", "manager", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 4, admin: 3, manager: 2, member: 1, viewer: 0 };

export const PERMISSIONS = {
  "board:view": "viewer",
  "lead:view": "viewer",
  "lead:create": "member",
  "lead:edit": "member",
  "lead:move": "member",
  "lead:delete": "manager",
  // Archiving takes a lead off the board like deleting does; unarchiving brings it back.
  "lead:archive": "manager",
  "lead:assign": "manager",
  "note:create": "member",
  // Writing to a lead's WhatsApp speaks for the organization: viewers only read.
  "message:send": "member",
  // A call rings the rep's own phone and the lead's from the organization's number.
  "call:place": "member",
  // "Resumir agora" may spend the organization's monthly AI limit.
  "ai:summarize": "member",
  // Turning AI on sends conversations to a provider (with a key) and sets what it may spend.
  "ai:manage": "admin",
  // Retention decides when conversations, recordings and the audit trail are erased for good.
  "privacy:manage": "admin",
  // Running the retention pass now erases for good whatever is past its period, at once.
  "privacy:run-retention": "owner",
  "members:view": "admin",
  "members:invite": "admin",
  "members:change-role": "admin",
  "members:remove": "admin",
  "pipeline:manage": "admin",
  // Provider connections hold credentials that send in the organization's name.
  "integration:manage": "admin",
  "organization:manage": "owner",
  // Deleting disables the organization at once and purges everything after a grace period.
  "organization:delete": "owner",
  "audit:view": "admin",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[PERMISSIONS[permission]];
}

export function outranks(role: Role, other: Role): boolean {
  return RANK[role] > RANK[other];
}

/** Roles an actor may hand out: never above their own, and only owners make owners. */
export function assignableRoles(actorRole: Role): Role[] {
  return ROLES.filter((role) => RANK[role] <= RANK[actorRole]);
}
