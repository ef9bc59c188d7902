/**
 * Every limit of the product in one place: how many hits a bucket takes per
 * fixed window. See docs/decisions/009-rate-limits.md for why login counts
 * failures in three buckets.
 */
export interface RateLimitPolicy {
  name: string;
  limit: number;
  windowSeconds: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RATE_LIMITS = {
  /** Failed logins for one account from one address: tight, and only that address is locked out. */
  loginAccountAddress: { name: "login:account+address", limit: 5, windowSeconds: 15 * MINUTE },
  /** Failed logins from one address across every account it tries. */
  loginAddress: { name: "login:address", limit: 30, windowSeconds: 15 * MINUTE },
  /** Failed logins for one account across all addresses: caps distributed guessing; a stranger needs many addresses to reach it. */
  loginAccount: { name: "login:account", limit: 100, windowSeconds: HOUR },
  signUpAddress: { name: "signup:address", limit: 20, windowSeconds: HOUR },
  inviteRegistrationAddress: { name: "invite-registration:address", limit: 20, windowSeconds: HOUR },
  inviteRegistrationToken: { name: "invite-registration:token", limit: 10, windowSeconds: HOUR },
  invitesSentHourly: { name: "invites-sent:organization:hour", limit: 40, windowSeconds: HOUR },
  invitesSentDaily: { name: "invites-sent:organization:day", limit: 200, windowSeconds: DAY },
  /** Organizations one person starts from the switcher: a tenant is cheap to make, so making thousands is not allowed. */
  organizationsCreatedUser: { name: "organizations-created:user", limit: 10, windowSeconds: DAY },
  /** Presence is posted on every drag start, heartbeat and drop: generous, but bounded. */
  presenceSession: { name: "presence:session", limit: 120, windowSeconds: MINUTE },
} as const satisfies Record<string, RateLimitPolicy>;
