/**
 * Fractional ordering keys: strings that sort (bytewise, `collate "C"`) in
 * board order, so placing a card between two others writes only that card.
 * Keys use base-36 digits, never end in "0", and can always be split again.
 */
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
const BASE = DIGITS.length;

function digitValue(char: string | undefined) {
  return char === undefined ? 0 : DIGITS.indexOf(char);
}

function between(lower: string, upper: string | null): string {
  if (upper !== null) {
    let shared = 0;
    while (shared < upper.length && (lower[shared] ?? "0") === upper[shared]) shared++;
    if (shared > 0) return upper.slice(0, shared) + between(lower.slice(shared), upper.slice(shared));
  }
  const low = digitValue(lower[0]);
  const high = upper === null ? BASE : digitValue(upper[0]);
  if (high - low > 1) return DIGITS[Math.floor((low + high) / 2)];
  // Adjacent first digits: keep the lower digit and split what follows it.
  if (upper !== null && upper.length > 1) return upper[0];
  return DIGITS[low] + between(lower.slice(1), null);
}

function assertKey(key: string) {
  if (!/^[0-9a-z]+$/.test(key) || key.endsWith("0")) throw new Error(`invalid ordering key: ${key}`);
}

/** A key strictly after `before` and before `after` (null = open end). */
export function keyBetween(before: string | null, after: string | null): string {
  if (before !== null) assertKey(before);
  if (after !== null) assertKey(after);
  if (before !== null && after !== null && before >= after) {
    throw new Error(`ordering keys out of order: ${before} >= ${after}`);
  }
  return between(before ?? "", after);
}

/** `count` increasing keys, evenly spread so later inserts rarely lengthen them. */
export function keysInOrder(count: number): string[] {
  const keys: string[] = [];
  const width = Math.max(1, Math.ceil(Math.log(count + 1) / Math.log(BASE)) + 1);
  const span = BASE ** width;
  for (let i = 1; i <= count; i++) {
    let key = Math.floor((i * span) / (count + 1)).toString(36).padStart(width, "0");
    key = key.replace(/0+$/, "");
    keys.push(key);
  }
  return keys;
}
