/** One day of 24 hours in milliseconds: periods counted from `now()` are whole days, not calendar days in a time zone. */
export const DAY_MS = 24 * 60 * 60 * 1000;
