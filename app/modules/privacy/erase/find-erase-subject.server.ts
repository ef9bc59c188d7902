import type { PrivacyRequest } from "@db/entities/privacy-request";
import type { Db } from "~/utils/db.server";
import { findSubjectLeads } from "../find-subject-leads.server";
import { subjectTracesOf } from "./subject-traces";

/** The lead fields that hold the person; an activity's or audit entry's before/after of these is blanked whatever it says. */
export const PERSONAL_LEAD_FIELDS = new Set(["fullName", "email", "phone", "company", "jobTitle", "notes", "customFields"]);

/**
 * The leads a deletion request covers now (those registered with it, and any
 * lead with the person's phone or e-mail created since) and how the person
 * shows up in copied text: every name, e-mail and phone those leads hold or
 * held (their edit history), and the request's own.
 */
export async function findEraseSubject(db: Db, request: PrivacyRequest) {
  const { leads } = await findSubjectLeads(db, request.organization, { phone: request.subjectPhoneKey ?? null, email: request.subjectEmail ?? null });
  const leadIds = [...new Set([...request.leadIds, ...leads.map((lead) => lead.id)])];
  const current = await db.execute<{ fullName: string; email: string | null; phone: string | null }[]>(
    `select full_name as "fullName", email, phone from leads where organization_id = ? and id = any(array[?]::uuid[])`,
    [request.organization, leadIds],
  );
  const history = await db.execute<{ field: string; value: string | null }[]>(
    `select change.key as field, value.text as value
       from lead_activities a
       cross join lateral jsonb_each(case when jsonb_typeof(a.metadata -> 'changes') = 'object' then a.metadata -> 'changes' else '{}' end) change
       cross join lateral (values (change.value ->> 'from'), (change.value ->> 'to')) value(text)
      where a.organization_id = ? and a.lead_id = any(array[?]::uuid[]) and change.key in ('fullName', 'email', 'phone')`,
    [request.organization, leadIds],
  );
  const named = (name: string) => name !== ANONYMIZED_NAME;
  const traces = subjectTracesOf({
    texts: [
      request.subjectName,
      request.subjectEmail,
      ...current.flatMap((lead) => [named(lead.fullName) ? lead.fullName : null, lead.email]),
      ...history.filter((row) => row.field !== "phone" && row.value && named(row.value)).map((row) => row.value),
    ],
    phones: [request.subjectPhoneKey, ...current.map((lead) => lead.phone), ...history.filter((row) => row.field === "phone").map((row) => row.value)],
  });
  return { leadIds, traces };
}

/** What an erased lead is called from then on (the wording; pt-BR like the rest of the data the app writes). */
export const ANONYMIZED_NAME = "Titular removido";
