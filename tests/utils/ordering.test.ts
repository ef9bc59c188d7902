import pg from "pg";
import { describe, expect, it } from "vitest";
import { keyBetween, keysInOrder } from "~/utils/ordering";
import { useTestDatabase } from "../support/database";

/** Byte-wise comparison, the order of `collate "C"`. */
function compareBytes(a: string, b: string) {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function sortBytewise(keys: string[]) {
  return [...keys].sort(compareBytes);
}

/** What every key must look like: base-36 digits, never a trailing "0" (so it can always be split again). */
const KEY_SHAPE = /^[0-9a-z]*[1-9a-z]$/;

function expectStrictlyIncreasing(keys: string[]) {
  for (let i = 1; i < keys.length; i++) {
    if (compareBytes(keys[i - 1], keys[i]) >= 0) {
      throw new Error(`keys out of order at ${i}: ${keys[i - 1]} >= ${keys[i]}`);
    }
  }
}

/** mulberry32: a small deterministic PRNG, so a failure replays identically. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inserts `operations` keys at positions chosen by `pick`, checking each new key against its neighbours. */
function simulate(initial: string[], operations: number, pick: (length: number) => number) {
  const keys = [...initial];
  for (let op = 0; op < operations; op++) {
    const index = pick(keys.length);
    const before = index > 0 ? keys[index - 1] : null;
    const after = index < keys.length ? keys[index] : null;
    const key = keyBetween(before, after);
    if (!KEY_SHAPE.test(key)) throw new Error(`malformed key ${JSON.stringify(key)} between ${before} and ${after}`);
    if (before !== null && compareBytes(before, key) >= 0) throw new Error(`${key} is not after ${before}`);
    if (after !== null && compareBytes(key, after) >= 0) throw new Error(`${key} is not before ${after}`);
    keys.splice(index, 0, key);
  }
  return keys;
}

describe("ordering keys", () => {
  describe("keyBetween", () => {
    it("starts a list from two open ends", () => {
      const key = keyBetween(null, null);
      expect(key).toMatch(KEY_SHAPE);
      const after = keyBetween(key, null);
      const before = keyBetween(null, key);
      expect(sortBytewise([after, key, before])).toEqual([before, key, after]);
    });

    it("places keys strictly between neighbours at hand-picked edges", () => {
      const cases: [string | null, string | null][] = [
        ["a", "b"],
        ["a", "a1"],
        ["a", "a01"],
        ["a", "a001"],
        ["a1", "a2"],
        ["a05", "a1"],
        ["9", "a"],
        ["9z", "a"],
        ["z", null],
        ["zzzz", null],
        [null, "1"],
        [null, "01"],
        [null, "0001"],
        ["1", "11"],
        ["y", "z"],
        ["yz", "z"],
        ["i", "iz"],
        ["i", "i01"],
      ];
      for (const [before, after] of cases) {
        const key = keyBetween(before, after);
        expect(key, `${before}..${after}`).toMatch(KEY_SHAPE);
        if (before !== null) expect(compareBytes(before, key), `${before} < ${key}`).toBeLessThan(0);
        if (after !== null) expect(compareBytes(key, after), `${key} < ${after}`).toBeLessThan(0);
      }
    });

    it("keeps the logical order over thousands of random inserts", () => {
      const random = prng(20261122);
      const logical = simulate([], 4000, (length) => Math.floor(random() * (length + 1)));
      expect(logical).toHaveLength(4000);
      expect(new Set(logical).size).toBe(4000);
      expect(sortBytewise(logical)).toEqual(logical);
      // JavaScript's default sort (UTF-16 code units) agrees for these ASCII keys.
      expect([...logical].sort()).toEqual(logical);
    });

    it("keeps the logical order when starting from keysInOrder and inserting at random", () => {
      const random = prng(7);
      const logical = simulate(keysInOrder(200), 3000, (length) => Math.floor(random() * (length + 1)));
      expect(new Set(logical).size).toBe(3200);
      expect(sortBytewise(logical)).toEqual(logical);
    });

    it("survives repeated inserts at the same spot (front, back, and one gap)", () => {
      const front = simulate([], 300, () => 0);
      expect(sortBytewise(front)).toEqual(front);
      const back = simulate([], 300, (length) => length);
      expect(sortBytewise(back)).toEqual(back);
      // Always right after the first key: the gap keeps shrinking from above.
      const gap = simulate(["a", "b"], 300, () => 1);
      expect(sortBytewise(gap)).toEqual(gap);
      // Always right before the last key: the gap keeps shrinking from below.
      const gapBelow = simulate(["a", "b"], 300, (length) => length - 1);
      expect(sortBytewise(gapBelow)).toEqual(gapBelow);
    });

    it("refuses neighbours that are equal or out of order", () => {
      expect(() => keyBetween("b", "a")).toThrow(/out of order/);
      expect(() => keyBetween("a", "a")).toThrow(/out of order/);
      expect(() => keyBetween("a1", "a")).toThrow(/out of order/);
      expect(() => keyBetween("z", "1")).toThrow(/out of order/);
    });

    it("refuses malformed keys", () => {
      for (const bad of ["", "A", "a0", "10", "a-b", "a b", "é", "a_", "0"]) {
        expect(() => keyBetween(bad, null), `before ${JSON.stringify(bad)}`).toThrow(/invalid ordering key/);
        expect(() => keyBetween(null, bad), `after ${JSON.stringify(bad)}`).toThrow(/invalid ordering key/);
      }
    });
  });

  describe("keysInOrder", () => {
    it.each([0, 1, 5, 200, 10_000])("gives %i increasing, well-formed, distinct keys", (count) => {
      const keys = keysInOrder(count);
      expect(keys).toHaveLength(count);
      for (const key of keys) {
        if (!KEY_SHAPE.test(key)) throw new Error(`malformed key ${JSON.stringify(key)}`);
      }
      expectStrictlyIncreasing(keys);
      expect(new Set(keys).size).toBe(count);
    });

    it("leaves room before, between and after its keys", () => {
      const keys = keysInOrder(5);
      expect(keyBetween(null, keys[0])).toMatch(KEY_SHAPE);
      expect(keyBetween(keys[4], null)).toMatch(KEY_SHAPE);
      for (let i = 1; i < keys.length; i++) expect(keyBetween(keys[i - 1], keys[i])).toMatch(KEY_SHAPE);
    });
  });

  describe("in PostgreSQL", () => {
    const db = useTestDatabase();

    it('orders keys in a collate "C" column exactly as JavaScript does', async () => {
      const random = prng(99);
      const logical = simulate(keysInOrder(50), 1500, (length) => Math.floor(random() * (length + 1)));
      // Shuffle before inserting so the database cannot just return insertion order.
      const shuffled = [...logical];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const client = new pg.Client({ connectionString: db.ownerUrl });
      await client.connect();
      try {
        await client.query(`create temp table ordering_keys (key varchar(64) collate "C" not null)`);
        await client.query(`insert into ordering_keys (key) select unnest($1::text[])`, [shuffled]);
        const { rows } = await client.query<{ key: string }>(`select key from ordering_keys order by key`);
        const fromDatabase = rows.map((row) => row.key);
        expect(fromDatabase).toEqual(logical);
        expect(fromDatabase).toEqual(sortBytewise(shuffled));
      } finally {
        await client.end();
      }
    });

    it('stores lead positions in a collate "C" column, so the board reads them in key order', async () => {
      const [column] = await db.adminQuery<{ collation_name: string | null }>(
        `select collation_name from information_schema.columns where table_schema = 'public' and table_name = 'leads' and column_name = 'position'`,
      );
      expect(column.collation_name).toBe("C");
      const rows = await db.adminQuery<{ stage_id: string; position: string }>(
        `select stage_id, position from leads order by organization_id, stage_id, position`,
      );
      const byStage = new Map<string, string[]>();
      for (const row of rows) byStage.set(row.stage_id, [...(byStage.get(row.stage_id) ?? []), row.position]);
      expect(byStage.size).toBeGreaterThan(1);
      for (const [stage, positions] of byStage) {
        expect(positions, stage).toEqual(sortBytewise(positions));
        expect(new Set(positions).size, `distinct positions in ${stage}`).toBe(positions.length);
      }
    });
  });
});
