/** "ana.souza@aurora.test" → "a…@aurora.test": enough to recognise one's own address, not to harvest it. */
export function maskEmail(email: string) {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "…";
  return `${email[0]}…${email.slice(at)}`;
}
