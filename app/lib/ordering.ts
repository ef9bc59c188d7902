/**
 * Fractional ordering keys: strings that sort (bytewise, `collate "C"`) in
 * board order, so placing a card between two others writes only that card.
 *
 * A key is an integer part followed by a fraction, in base-62 digits whose
 * ASCII order is their numeric order. The integer part's first character says
 * how many digits follow ("a".."z": 1..26 digits of a non-negative integer,
 * "Z".."A": 1..26 digits of a negative one), so a longer integer still sorts
 * correctly. Moving a card to either end of a column just steps the integer
 * (keys stay a few characters long for millions of such moves); only repeated
 * inserts into one and the same gap grow the fraction, by one character per
 * 5 to 6 inserts. The fraction never ends in "0", so every gap can be split again.
 */
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SMALLEST_INTEGER = "A" + "0".repeat(26);
const KEY_PATTERN = /^[0-9A-Za-z]+$/;

/**
 * The longest key `leads.position` holds. Reached only after ~1,200 inserts
 * into one and the same gap (always right after, or always right before, the
 * same card); callers refuse such a placement instead of storing it.
 */
export const ORDERING_KEY_MAX_LENGTH = 255;

function integerLength(head: string): number {
  if (head >= "a" && head <= "z") return head.charCodeAt(0) - "a".charCodeAt(0) + 2;
  if (head >= "A" && head <= "Z") return "Z".charCodeAt(0) - head.charCodeAt(0) + 2;
  throw new Error(`invalid ordering key head: ${head}`);
}

function integerPart(key: string) {
  const length = integerLength(key[0]);
  if (length > key.length) throw new Error(`invalid ordering key: ${key}`);
  return key.slice(0, length);
}

/** Whether `key` is a well-formed ordering key (what `keyBetween` accepts and returns). */
export function isOrderingKey(key: string): boolean {
  if (!KEY_PATTERN.test(key) || key === SMALLEST_INTEGER) return false;
  const head = key[0];
  if (!((head >= "a" && head <= "z") || (head >= "A" && head <= "Z"))) return false;
  const length = integerLength(head);
  return key.length >= length && (key.length === length || !key.endsWith("0"));
}

function assertKey(key: string) {
  if (!isOrderingKey(key)) throw new Error(`invalid ordering key: ${key}`);
}

/** A digit string strictly between fractions `lower` and `upper` (null = 1), never ending in "0". */
function midpoint(lower: string, upper: string | null): string {
  if (upper !== null) {
    let shared = 0;
    while ((lower[shared] ?? "0") === upper[shared]) shared++;
    if (shared > 0) return upper.slice(0, shared) + midpoint(lower.slice(shared), upper.slice(shared));
  }
  const low = lower ? DIGITS.indexOf(lower[0]) : 0;
  const high = upper !== null ? DIGITS.indexOf(upper[0]) : DIGITS.length;
  if (high - low > 1) return DIGITS[Math.round((low + high) / 2)];
  // Adjacent first digits: keep the lower one and split what follows it.
  if (upper !== null && upper.length > 1) return upper[0];
  return DIGITS[low] + midpoint(lower.slice(1), null);
}

function incrementInteger(integer: string): string | null {
  const [head, ...digits] = integer;
  for (let i = digits.length - 1; i >= 0; i--) {
    const next = DIGITS.indexOf(digits[i]) + 1;
    if (next < DIGITS.length) {
      digits[i] = DIGITS[next];
      return head + digits.join("");
    }
    digits[i] = DIGITS[0];
  }
  if (head === "Z") return "a" + DIGITS[0];
  if (head === "z") return null;
  const nextHead = String.fromCharCode(head.charCodeAt(0) + 1);
  if (nextHead > "a") digits.push(DIGITS[0]);
  else digits.pop();
  return nextHead + digits.join("");
}

/** Null only below the smallest integer, which `keyBetween` never decrements. */
function decrementInteger(integer: string): string | null {
  const [head, ...digits] = integer;
  for (let i = digits.length - 1; i >= 0; i--) {
    const previous = DIGITS.indexOf(digits[i]) - 1;
    if (previous >= 0) {
      digits[i] = DIGITS[previous];
      return head + digits.join("");
    }
    digits[i] = DIGITS[DIGITS.length - 1];
  }
  if (head === "a") return "Z" + DIGITS[DIGITS.length - 1];
  if (head === "A") return null;
  const previousHead = String.fromCharCode(head.charCodeAt(0) - 1);
  if (previousHead < "Z") digits.push(DIGITS[DIGITS.length - 1]);
  else digits.pop();
  return previousHead + digits.join("");
}

/** A key strictly after `before` and before `after` (null = open end). */
export function keyBetween(before: string | null, after: string | null): string {
  if (before !== null) assertKey(before);
  if (after !== null) assertKey(after);
  if (before !== null && after !== null && before >= after) {
    throw new Error(`ordering keys out of order: ${before} >= ${after}`);
  }
  if (before === null && after === null) return "a" + DIGITS[0];
  if (before === null) {
    const integer = integerPart(after!);
    const fraction = after!.slice(integer.length);
    if (integer === SMALLEST_INTEGER) return integer + midpoint("", fraction);
    if (integer < after!) return integer;
    // The smallest integer is not a key of its own (nothing could go before it).
    const previous = decrementInteger(integer)!;
    return previous === SMALLEST_INTEGER ? previous + midpoint("", null) : previous;
  }
  const integer = integerPart(before);
  const fraction = before.slice(integer.length);
  if (after !== null) {
    const afterInteger = integerPart(after);
    if (afterInteger === integer) return integer + midpoint(fraction, after.slice(integer.length));
  }
  const next = incrementInteger(integer);
  // Past the largest integer (unreachable in practice), the fraction still grows.
  if (next !== null && (after === null || next < after)) return next;
  return integer + midpoint(fraction, null);
}

/** `count` increasing keys strictly between `before` and `after` (null = open end), spread so they stay short. */
export function keysBetween(before: string | null, after: string | null, count: number): string[] {
  if (count <= 0) return [];
  if (count === 1) return [keyBetween(before, after)];
  if (after === null) {
    const keys = [keyBetween(before, null)];
    while (keys.length < count) keys.push(keyBetween(keys[keys.length - 1], null));
    return keys;
  }
  if (before === null) {
    const keys = [keyBetween(null, after)];
    while (keys.length < count) keys.unshift(keyBetween(null, keys[0]));
    return keys;
  }
  const middle = Math.floor(count / 2);
  const pivot = keyBetween(before, after);
  return [...keysBetween(before, pivot, middle), pivot, ...keysBetween(pivot, after, count - middle - 1)];
}

/** `count` increasing keys for a fresh column (the seed, imports). */
export function keysInOrder(count: number): string[] {
  return keysBetween(null, null, count);
}
