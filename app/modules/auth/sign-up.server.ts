import type { Locale } from "~/i18n/locales";
import { randomUUID } from "node:crypto";
import { UniqueConstraintViolationException } from "@mikro-orm/core";
import { User } from "@db/entities/user";
import { withUser } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { message } from "~/i18n/catalogue";
import { createOrganization } from "~/modules/organizations/create-organization.server";
import { enforceRateLimits } from "~/modules/rate-limits/hit-rate-limits.server";
import { addressSubject } from "~/modules/rate-limits/address-subject";
import { RATE_LIMITS } from "~/modules/rate-limits/policies";

/**
 * Creates the user, their organization (unique slug), the owner membership
 * and the default stages. Limited per client address before the password is hashed.
 */
export async function signUp(input: { name: string; email: string; password: string; organization: string; locale: Locale; ipAddress: string }) {
  await enforceRateLimits([{ policy: RATE_LIMITS.signUpAddress, subject: addressSubject(input.ipAddress) }]);
  const passwordHash = await hashPassword(input.password);
  try {
    const userId = randomUUID();
    // Scoped to the new user's own row: other accounts stay invisible, so a taken e-mail shows up as the unique index's refusal.
    return await withUser(userId, async (db) => {
      const user = db.create(User, { id: userId, email: input.email, fullName: input.name, passwordHash });
      await db.flush();
      const organization = await createOrganization(db, { name: input.organization, ownerId: user.id, locale: input.locale });
      return { userId: user.id, slug: organization.slug };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && String(error.message).includes("users_email")) {
      throw new DomainRefusal(message("auth.signup.emailTaken"), { status: 409, field: "email" });
    }
    throw error;
  }
}
