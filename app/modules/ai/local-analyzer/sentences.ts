/**
 * Splits a message into sentences: after . ! ? … followed by white space, and
 * at line breaks. Numbers such as "R$ 3.000" or "3,5" stay whole because a
 * break needs white space after the punctuation.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?\u2026])\s+|\n+/)
    .map((sentence) => sentence.replace(/\s+/g, " ").trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}
