import type { Db } from "~/utils/db.server";

/** A data subject as the organization knows them: a phone (E.164, or a stored phone key) and/or an e-mail. */
export interface PrivacySubject {
  phone: string | null;
  email: string | null;
}

/**
 * The person's phone as leads store it (`phone_match_key`, so "+55 11
 * 98765-4321" and the 551187654321 WhatsApp reports are one person), their
 * e-mail in lower case, and every lead of the organization with either one,
 * archived ones and duplicates included, oldest first.
 */
export async function findSubjectLeads(db: Db, organizationId: string, subject: PrivacySubject) {
  const [{ phoneKey }] = await db.execute<{ phoneKey: string | null }[]>(`select phone_match_key(?) as "phoneKey"`, [subject.phone]);
  const email = subject.email?.trim().toLowerCase() || null;
  const leads =
    phoneKey || email
      ? await db.execute<{ id: string; fullName: string }[]>(
          `select id, full_name as "fullName" from leads
            where organization_id = ?
              and ((?::text is not null and phone_key = ?) or (?::text is not null and lower(email) = ?))
            order by created_at, id`,
          [organizationId, phoneKey, phoneKey, email, email],
        )
      : [];
  return { phoneKey, email, leads };
}
