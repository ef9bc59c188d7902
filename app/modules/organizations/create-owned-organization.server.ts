import type { Locale } from "~/i18n/locales";
import { withUser } from "~/utils/db.server";
import { enforceRateLimits } from "~/modules/rate-limits/hit-rate-limits.server";
import { RATE_LIMITS } from "~/modules/rate-limits/policies";
import { createOrganization } from "./create-organization.server";

/** A signed-in user starts another organization (from the switcher). */
export async function createOwnedOrganization(input: { name: string; ownerId: string; locale: Locale }) {
  await enforceRateLimits([{ policy: RATE_LIMITS.organizationsCreatedUser, subject: input.ownerId }]);
  const organization = await withUser(input.ownerId, (db) => createOrganization(db, input));
  return { id: organization.id, slug: organization.slug };
}
