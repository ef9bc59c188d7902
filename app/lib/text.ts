/**
 * At most `max` characters of `text`, never cutting a character in half: a
 * lone surrogate left by a cut is refused by PostgreSQL's jsonb and would
 * fail the whole write.
 */
export function truncateText(text: string, max: number) {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text PostgreSQL will store: no NUL (text and jsonb refuse it) and no lone surrogate (jsonb refuses it). */
export function storableText(text: string) {
  return text.replaceAll("\0", "").replace(LONE_SURROGATE, "\ufffd");
}
