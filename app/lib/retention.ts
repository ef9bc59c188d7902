import { DAY_MS } from "./duration";

/**
 * How long an organization keeps each kind of data (browser-safe: the privacy
 * page and the server read these; the form schema lives in
 * `~/modules/privacy/retention-intents.server`).
 *
 * The defaults are the plan's figures. An organization may shorten a period
 * down to its minimum but never lengthen it past the default: the plan is what
 * the customer bought and what the LGPD's necessity principle was weighed
 * against, so keeping data longer is a contract change, not a setting.
 */
export const RETENTION_KINDS = ["communications", "media", "ai", "inbox", "audit"] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export interface RetentionLimits {
  /** Days kept when the organization has not chosen: also the longest it may choose. */
  defaultDays: number;
  minDays: number;
}

export const RETENTION_LIMITS: Record<RetentionKind, RetentionLimits> = {
  // Messages, notes and call metadata: 7 years (365 × 7 + 2 leap days).
  communications: { defaultDays: 2557, minDays: 30 },
  // Media and call recordings follow the conversation they belong to.
  media: { defaultDays: 2557, minDays: 30 },
  // AI summaries and transcripts: 3 years (one leap day).
  ai: { defaultDays: 1096, minDays: 30 },
  // Raw provider deliveries are only needed to retry processing; a week is
  // the least that still covers a provider redelivering for days.
  inbox: { defaultDays: 30, minDays: 7 },
  // Audit log: 5 years (one leap day).
  audit: { defaultDays: 1826, minDays: 30 },
};

export type RetentionDays = Record<RetentionKind, number>;

export const DEFAULT_RETENTION_DAYS: RetentionDays = Object.fromEntries(
  RETENTION_KINDS.map((kind) => [kind, RETENTION_LIMITS[kind].defaultDays]),
) as RetentionDays;

export function isAllowedRetention(kind: RetentionKind, days: number): boolean {
  const { minDays, defaultDays } = RETENTION_LIMITS[kind];
  return Number.isInteger(days) && days >= minDays && days <= defaultDays;
}

/**
 * The cutoff of a period: items created strictly before it have expired.
 * Whole days of 24 hours from `now` (not calendar days in a time zone), so the
 * web page and the worker agree on the same instant whatever zone they run in.
 */
export function expiresBefore(kind: RetentionKind, days: number, now: Date): Date {
  if (!isAllowedRetention(kind, days)) throw new RangeError(`retention of ${days} days is outside what ${kind} allows`);
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Every kind's cutoff for an organization's stored periods, each held within
 * what the plan allows: a row saved under an older, longer plan keeps at most
 * the current maximum, and one below a floor is read at the floor.
 */
export function retentionCutoffs(days: RetentionDays, now: Date): Record<RetentionKind, Date> {
  return Object.fromEntries(
    RETENTION_KINDS.map((kind) => {
      const { minDays, defaultDays } = RETENTION_LIMITS[kind];
      return [kind, expiresBefore(kind, Math.min(Math.max(days[kind], minDays), defaultDays), now)];
    }),
  ) as Record<RetentionKind, Date>;
}

/**
 * A number of days as years, months and days for people to read (365-day
 * years and 30-day months: an approximation the page shows next to the exact
 * number of days).
 */
export function splitDays(days: number): { years: number; months: number; days: number } {
  const years = Math.floor(days / 365);
  const rest = days - years * 365;
  const months = Math.floor(rest / 30);
  return { years, months, days: rest - months * 30 };
}
