import pg from "pg";
import { describe, expect, it } from "vitest";
import { isOrderingKey, keyBetween, keysBetween, keysInOrder, ORDERING_KEY_MAX_LENGTH } from "~/lib/ordering";
import { useTestDatabase } from "../support/database";
import { createRandom } from "@db/seeds/demo-data";

/** Byte-wise comparison, the order of `collate "C"`. */
function compareBytes(a: string, b: string) {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function sortBytewise(keys: string[]) {
  return [...keys].sort(compareBytes);
}

/**
 * What every key must look like, checked independently of the module: base-62
 * digits; a head letter that says how many integer digits follow ("a".."z" =
 * 1..26, "Z".."A" = 1..26); a fraction that never ends in "0" (so it can always
 * be split again).
 */
function isWellFormed(key: string) {
  if (!/^[0-9A-Za-z]+$/.test(key)) return false;
  const head = key.charCodeAt(0);
  const integerDigits = head >= 97 && head <= 122 ? head - 96 : head >= 65 && head <= 90 ? 91 - head : 0;
  if (integerDigits === 0 || key.length < 1 + integerDigits) return false;
  return !key.slice(1 + integerDigits).endsWith("0");
}

function expectWellFormed(key: string, label = key) {
  if (!isWellFormed(key)) throw new Error(`malformed key ${JSON.stringify(key)} (${label})`);
}

function expectStrictlyIncreasing(keys: string[]) {
  for (let i = 1; i < keys.length; i++) {
    if (compareBytes(keys[i - 1], keys[i]) >= 0) {
      throw new Error(`keys out of order at ${i}: ${keys[i - 1]} >= ${keys[i]}`);
    }
  }
}


/** Inserts `operations` keys at positions chosen by `pick`, checking each new key against its neighbours. */
function simulate(initial: string[], operations: number, pick: (length: number) => number) {
  const keys = [...initial];
  for (let op = 0; op < operations; op++) {
    const index = pick(keys.length);
    const before = index > 0 ? keys[index - 1] : null;
    const after = index < keys.length ? keys[index] : null;
    const key = keyBetween(before, after);
    expectWellFormed(key, `between ${before} and ${after}`);
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
      expectWellFormed(key);
      const after = keyBetween(key, null);
      const before = keyBetween(null, key);
      expect(sortBytewise([after, key, before])).toEqual([before, key, after]);
    });

    it("places keys strictly between neighbours at hand-picked edges", () => {
      const largest = "z" + "z".repeat(26);
      const smallestKey = "A" + "0".repeat(25) + "1";
      const cases: [string | null, string | null][] = [
        ["a0", "a1"],
        ["a0", "a0V"],
        ["a0", "a01"],
        ["a0", "a001"],
        ["a1", "a2"],
        ["a05", "a1"],
        ["a1", "a11"],
        ["a0y", "a0z"],
        ["a0yz", "a0z"],
        ["az", "b00"],
        ["azz", "b00"],
        ["b00", "b01"],
        ["Zz", "a0"],
        ["Zzz", "a0"],
        ["Y00", "Yzz"],
        ["a0", null],
        ["az", null],
        ["Zz", null],
        [largest, null],
        [largest + "zz", null],
        [null, "a0"],
        [null, "a01"],
        [null, "Z0"],
        [null, "b00"],
        [null, smallestKey],
        [null, "A" + "0".repeat(26) + "1"],
      ];
      for (const [before, after] of cases) {
        const key = keyBetween(before, after);
        expectWellFormed(key, `${before}..${after}`);
        if (before !== null) expect(compareBytes(before, key), `${before} < ${key}`).toBeLessThan(0);
        if (after !== null) expect(compareBytes(key, after), `${key} < ${after}`).toBeLessThan(0);
      }
    });

    it("keeps the logical order over thousands of random inserts", () => {
      const random = createRandom(20261122);
      const logical = simulate([], 4000, (length) => Math.floor(random() * (length + 1)));
      expect(logical).toHaveLength(4000);
      expect(new Set(logical).size).toBe(4000);
      expect(sortBytewise(logical)).toEqual(logical);
      // JavaScript's default sort (UTF-16 code units) agrees for these ASCII keys.
      expect([...logical].sort()).toEqual(logical);
    });

    it("keeps the logical order when starting from keysInOrder and inserting at random", () => {
      const random = createRandom(7);
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
      const gap = simulate(["a0", "a1"], 300, () => 1);
      expect(sortBytewise(gap)).toEqual(gap);
      // Always right before the last key: the gap keeps shrinking from below.
      const gapBelow = simulate(["a0", "a1"], 300, (length) => length - 1);
      expect(sortBytewise(gapBelow)).toEqual(gapBelow);
    });

    it("keeps keys short however often cards go to the top or the bottom of a column", () => {
      // The old base-36 scheme grew a character every ~5 moves to the top and overflowed after ~320.
      let top = keyBetween(null, null);
      let bottom = top;
      for (let move = 0; move < 200_000; move++) {
        const nextTop = keyBetween(null, top);
        if (compareBytes(nextTop, top) >= 0 || !isWellFormed(nextTop)) throw new Error(`bad top key ${nextTop} before ${top}`);
        top = nextTop;
        const nextBottom = keyBetween(bottom, null);
        if (compareBytes(bottom, nextBottom) >= 0 || !isWellFormed(nextBottom)) throw new Error(`bad bottom key ${nextBottom} after ${bottom}`);
        bottom = nextBottom;
      }
      expect(top.length).toBeLessThanOrEqual(4);
      expect(bottom.length).toBeLessThanOrEqual(4);
      // A column seeded by keysInOrder behaves the same at both ends.
      const seeded = keysInOrder(10_000);
      expect(simulate(seeded, 2_000, () => 0)[0].length).toBeLessThanOrEqual(4);
      expect(simulate(seeded, 2_000, (length) => length).at(-1)!.length).toBeLessThanOrEqual(4);
    });

    it("fits the documented bound of ~1,200 inserts into one and the same gap", () => {
      for (const pick of [() => 1, (length: number) => length - 1]) {
        const keys = simulate(["a0", "a1"], 1_200, pick);
        const longest = Math.max(...keys.map((key) => key.length));
        expect(longest).toBeLessThanOrEqual(ORDERING_KEY_MAX_LENGTH);
        // Growth is linear only in this worst case: about one character per 5 to 6 inserts.
        expect(longest).toBeGreaterThan(1_200 / 7);
      }
    });

    it("refuses neighbours that are equal or out of order", () => {
      expect(() => keyBetween("a1", "a0")).toThrow(/out of order/);
      expect(() => keyBetween("a0", "a0")).toThrow(/out of order/);
      expect(() => keyBetween("a1V", "a1")).toThrow(/out of order/);
      expect(() => keyBetween("b00", "az")).toThrow(/out of order/);
      expect(() => keyBetween("a0", "Zz")).toThrow(/out of order/);
    });

    it("refuses malformed keys", () => {
      const smallestInteger = "A" + "0".repeat(26);
      for (const bad of ["", "a", "b0", "a00", "a10", "Zz0", "0", "9", "a-b", "a b", "é", "a_", "a0 ", smallestInteger]) {
        expect(isOrderingKey(bad), JSON.stringify(bad)).toBe(false);
        expect(() => keyBetween(bad, null), `before ${JSON.stringify(bad)}`).toThrow(/invalid ordering key/);
        expect(() => keyBetween(null, bad), `after ${JSON.stringify(bad)}`).toThrow(/invalid ordering key/);
      }
      for (const good of ["a0", "a1V", "b00", "Zz", "Yzz1", "A" + "0".repeat(25) + "1"]) expect(isOrderingKey(good), good).toBe(true);
    });
  });

  describe("keysInOrder", () => {
    it.each([0, 1, 5, 200, 10_000])("gives %i increasing, well-formed, distinct keys", (count) => {
      const keys = keysInOrder(count);
      expect(keys).toHaveLength(count);
      for (const key of keys) expectWellFormed(key);
      expectStrictlyIncreasing(keys);
      expect(new Set(keys).size).toBe(count);
    });

    it("leaves room before, between and after its keys", () => {
      const keys = keysInOrder(5);
      expectWellFormed(keyBetween(null, keys[0]));
      expectWellFormed(keyBetween(keys[4], null));
      for (let i = 1; i < keys.length; i++) expectWellFormed(keyBetween(keys[i - 1], keys[i]));
    });

    it("stays short for a large column", () => {
      expect(Math.max(...keysInOrder(10_000).map((key) => key.length))).toBeLessThanOrEqual(4);
    });
  });

  describe("keysBetween", () => {
    it.each([
      [null, null],
      ["a0", null],
      [null, "a0"],
      ["a0", "a1"],
      ["Zz", "a0V"],
    ] as [string | null, string | null][])("gives increasing keys between %s and %s", (before, after) => {
      for (const count of [0, 1, 2, 7, 100]) {
        const keys = keysBetween(before, after, count);
        expect(keys).toHaveLength(count);
        for (const key of keys) expectWellFormed(key);
        const all = [...(before === null ? [] : [before]), ...keys, ...(after === null ? [] : [after])];
        expectStrictlyIncreasing(all);
      }
    });
  });

  describe("in PostgreSQL", () => {
    const db = useTestDatabase();

    it('orders keys in a collate "C" column exactly as JavaScript does', async () => {
      const random = createRandom(99);
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
        await client.query(`create temp table ordering_keys (key varchar(${ORDERING_KEY_MAX_LENGTH}) collate "C" not null)`);
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
      const [column] = await db.adminQuery<{ collation_name: string | null; character_maximum_length: number }>(
        `select collation_name, character_maximum_length from information_schema.columns where table_schema = 'public' and table_name = 'leads' and column_name = 'position'`,
      );
      expect(column.collation_name).toBe("C");
      expect(column.character_maximum_length).toBe(ORDERING_KEY_MAX_LENGTH);
      const rows = await db.adminQuery<{ stage_id: string; position: string }>(
        `select stage_id, position from leads order by organization_id, stage_id, position`,
      );
      const byStage = new Map<string, string[]>();
      for (const row of rows) byStage.set(row.stage_id, [...(byStage.get(row.stage_id) ?? []), row.position]);
      expect(byStage.size).toBeGreaterThan(1);
      for (const [stage, positions] of byStage) {
        expect(positions, stage).toEqual(sortBytewise(positions));
        expect(new Set(positions).size, `distinct positions in ${stage}`).toBe(positions.length);
        for (const position of positions) expectWellFormed(position);
      }
    });
  });
});
