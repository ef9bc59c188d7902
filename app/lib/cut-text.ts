/**
 * The first `max` UTF-16 units of `text`, one fewer when the cut would split
 * a surrogate pair (an emoji): half a pair is not valid Unicode, and
 * PostgreSQL refuses it in text and jsonb, so the write carrying it fails.
 */
export function cutText(text: string, max: number) {
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) && text.length > max ? cut.slice(0, -1) : cut;
}
