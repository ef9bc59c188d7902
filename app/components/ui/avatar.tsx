import * as React from "react";

import { cn } from "~/lib/cn";

/** A round badge of a person; the app shows initials (no photos), so two spans are all it takes. */
export const Avatar = React.forwardRef<HTMLSpanElement, React.HTMLAttributes<HTMLSpanElement>>(({ className, ...props }, ref) => (
  <span ref={ref} className={cn("relative flex size-10 shrink-0 overflow-hidden rounded-full", className)} {...props} />
));
Avatar.displayName = "Avatar";

export const AvatarFallback = React.forwardRef<HTMLSpanElement, React.HTMLAttributes<HTMLSpanElement>>(({ className, ...props }, ref) => (
  <span
    ref={ref}
    className={cn(
      "flex size-full select-none items-center justify-center rounded-full bg-muted text-sm font-medium text-muted-foreground",
      className,
    )}
    {...props}
  />
));
AvatarFallback.displayName = "AvatarFallback";

/**
 * Initials for an avatar: first letter of the first and last words,
 * uppercased ("maria da silva" -> "MS", "Ágata" -> "Á", "" -> "").
 * Accents are kept (NFC), punctuation/emails are skipped.
 */
export function initials(name: string): string {
  const words = (name ?? "")
    .normalize("NFC")
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+/u, ""))
    .filter((w) => w.length > 0);
  if (words.length === 0) return "";
  const first = Array.from(words[0]!)[0] ?? "";
  const last = words.length > 1 ? (Array.from(words[words.length - 1]!)[0] ?? "") : "";
  return (first + last).toLocaleUpperCase("pt-BR");
}

const AVATAR_COLORS = [
  "bg-rose-100 text-rose-800",
  "bg-pink-100 text-pink-800",
  "bg-orange-100 text-orange-800",
  "bg-amber-100 text-amber-800",
  "bg-emerald-100 text-emerald-800",
  "bg-teal-100 text-teal-800",
  "bg-sky-100 text-sky-800",
  "bg-violet-100 text-violet-800",
] as const;

export type AvatarColor = (typeof AVATAR_COLORS)[number];

/**
 * Deterministic background (+ readable text) classes for a seed such as a
 * user id or name. Same seed -> same color, on server and client.
 */
export function avatarColor(seed: string): AvatarColor {
  // FNV-1a 32-bit hash: stable across runtimes, good spread for short strings.
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return AVATAR_COLORS[(hash >>> 0) % AVATAR_COLORS.length]!;
}
