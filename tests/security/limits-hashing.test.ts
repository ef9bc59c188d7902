import { describe, expect, it } from "vitest";
import { hashPassword, PasswordHashingBusyError, verifyPassword } from "~/utils/password.server";

describe("password hashing concurrency", () => {
  it("runs a bounded number of argon2 operations and refuses the excess at once instead of queueing it", async () => {
    const hash = await hashPassword("a-password-to-check");
    // 30 at once: 4 run, 16 wait their turn, the other 10 are refused immediately.
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => verifyPassword(hash, "a-password-to-check")));
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(10);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(PasswordHashingBusyError);
    expect(results.filter((r) => r.status === "fulfilled" && r.value === true)).toHaveLength(20);

    // The slots are all given back: a later burst within the bound is served whole.
    const later = await Promise.all(Array.from({ length: 20 }, () => verifyPassword(hash, "wrong")));
    expect(later.every((valid) => valid === false)).toBe(true);
  });
});
