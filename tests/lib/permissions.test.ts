import { describe, expect, it } from "vitest";
import { assignableRoles, can, outranks, PERMISSIONS, ROLES, type Permission, type Role } from "~/lib/permissions";

/**
 * The intended matrix, written out by hand (not derived from PERMISSIONS), so
 * a change to a permission's minimum role has to be made here on purpose.
 */
const EXPECTED: Record<Permission, Role[]> = {
  "board:view": ["owner", "admin", "manager", "member", "viewer"],
  "lead:view": ["owner", "admin", "manager", "member", "viewer"],
  "lead:create": ["owner", "admin", "manager", "member"],
  "lead:edit": ["owner", "admin", "manager", "member"],
  "lead:move": ["owner", "admin", "manager", "member"],
  "note:create": ["owner", "admin", "manager", "member"],
  "message:send": ["owner", "admin", "manager", "member"],
  "call:place": ["owner", "admin", "manager", "member"],
  "ai:summarize": ["owner", "admin", "manager", "member"],
  "ai:manage": ["owner", "admin"],
  "privacy:manage": ["owner", "admin"],
  "privacy:run-retention": ["owner"],
  "lead:delete": ["owner", "admin", "manager"],
  "lead:archive": ["owner", "admin", "manager"],
  "lead:assign": ["owner", "admin", "manager"],
  "members:view": ["owner", "admin"],
  "members:invite": ["owner", "admin"],
  "members:change-role": ["owner", "admin"],
  "members:remove": ["owner", "admin"],
  "pipeline:manage": ["owner", "admin"],
  "integration:manage": ["owner", "admin"],
  "audit:view": ["owner", "admin"],
  "organization:manage": ["owner"],
  "organization:delete": ["owner"],
};

const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

describe("permission matrix", () => {
  it("lists the five roles from highest to lowest", () => {
    expect(ROLES).toEqual(["owner", "admin", "manager", "member", "viewer"]);
  });

  it("covers every permission the app defines", () => {
    expect([...PERMISSION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const permission of Object.keys(EXPECTED) as Permission[]) {
    for (const role of ROLES) {
      const allowed = EXPECTED[permission].includes(role);
      it(`${role} ${allowed ? "can" : "cannot"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("is cumulative: owner ⊇ admin ⊇ manager ⊇ member ⊇ viewer", () => {
    const granted = (role: Role) => new Set(PERMISSION_NAMES.filter((p) => can(role, p)));
    for (let i = 0; i < ROLES.length - 1; i++) {
      const higher = granted(ROLES[i]);
      const lower = granted(ROLES[i + 1]);
      for (const permission of lower) expect(higher.has(permission), `${ROLES[i]} lacks ${permission}`).toBe(true);
      // Each step down loses something (no two roles are equivalent).
      expect(higher.size).toBeGreaterThan(lower.size);
    }
    expect(granted("owner").size).toBe(PERMISSION_NAMES.length);
  });

  it("keeps member management away from managers and below", () => {
    for (const role of ["manager", "member", "viewer"] as const) {
      expect(can(role, "members:invite")).toBe(false);
      expect(can(role, "members:change-role")).toBe(false);
      expect(can(role, "members:remove")).toBe(false);
      expect(can(role, "members:view")).toBe(false);
    }
    expect(can("viewer", "lead:create")).toBe(false);
    expect(can("member", "lead:delete")).toBe(false);
    expect(can("admin", "organization:manage")).toBe(false);
  });
});

describe("assignableRoles", () => {
  it("lets owners hand out every role, including owner", () => {
    expect(assignableRoles("owner")).toEqual(["owner", "admin", "manager", "member", "viewer"]);
  });

  it("never lets admins assign owner", () => {
    expect(assignableRoles("admin")).toEqual(["admin", "manager", "member", "viewer"]);
    expect(assignableRoles("admin")).not.toContain("owner");
  });

  it("never goes above the actor's own role", () => {
    expect(assignableRoles("manager")).toEqual(["manager", "member", "viewer"]);
    expect(assignableRoles("member")).toEqual(["member", "viewer"]);
    expect(assignableRoles("viewer")).toEqual(["viewer"]);
  });
});

describe("outranks", () => {
  it("is a strict order", () => {
    expect(outranks("owner", "admin")).toBe(true);
    expect(outranks("admin", "manager")).toBe(true);
    expect(outranks("manager", "member")).toBe(true);
    expect(outranks("member", "viewer")).toBe(true);
    expect(outranks("owner", "viewer")).toBe(true);
    expect(outranks("admin", "owner")).toBe(false);
    expect(outranks("viewer", "member")).toBe(false);
  });

  it("is irreflexive: no role outranks itself", () => {
    for (const role of ROLES) expect(outranks(role, role)).toBe(false);
  });

  it("agrees with the order of ROLES for every pair", () => {
    for (const [i, a] of ROLES.entries()) {
      for (const [j, b] of ROLES.entries()) expect(outranks(a, b), `${a} vs ${b}`).toBe(i < j);
    }
  });
});
