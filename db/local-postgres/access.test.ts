import { describe, expect, it } from "vitest";
import { canReach } from "./access";

const postgres = { uid: 101, gid: 104 };

function tree(modes: Record<string, { uid?: number; gid?: number; mode: number }>) {
  return (dir: string) => {
    const entry = modes[dir];
    return entry ? { uid: entry.uid ?? 0, gid: entry.gid ?? 0, mode: entry.mode } : null;
  };
}

describe("canReach", () => {
  it("refuses a path below root's private home", () => {
    const stat = tree({ "/": { mode: 0o755 }, "/root": { mode: 0o700 }, "/root/crm": { mode: 0o755 } });
    expect(canReach("/root/crm/node_modules", postgres, stat)).toBe(false);
  });

  it("accepts world-searchable directories and the account's own", () => {
    const stat = tree({
      "/": { mode: 0o755 },
      "/var": { mode: 0o755 },
      "/var/lib": { mode: 0o755 },
      "/var/lib/loved-crm": { mode: 0o711 },
      "/var/lib/loved-crm/clusters": { mode: 0o711 },
      "/var/lib/loved-crm/clusters/a": { uid: 101, gid: 104, mode: 0o700 },
    });
    expect(canReach("/var/lib/loved-crm/clusters/a", postgres, stat)).toBe(true);
  });

  it("uses the group bits for the account's group and the owner bits for its own directories", () => {
    const byGroup = tree({ "/": { mode: 0o755 }, "/srv": { gid: 104, mode: 0o750 } });
    expect(canReach("/srv/x", postgres, byGroup)).toBe(true);
    const ownerOnly = tree({ "/": { mode: 0o755 }, "/srv": { uid: 7, gid: 7, mode: 0o750 } });
    expect(canReach("/srv/x", postgres, ownerOnly)).toBe(false);
  });

  it("lets root reach everything", () => {
    const stat = tree({ "/": { mode: 0o755 }, "/root": { mode: 0o700 } });
    expect(canReach("/root/crm", { uid: 0, gid: 0 }, stat)).toBe(true);
  });
});
