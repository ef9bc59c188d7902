import type { SuggestionField } from "~/lib/ai";
import { message } from "~/i18n/catalogue";
import type { Locale } from "~/i18n/locales";
import { getTranslator } from "~/i18n/translator.server";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { moveLead } from "~/modules/leads/move-lead.server";
import { updateLead, type LeadEditor } from "~/modules/leads/update-lead.server";
import { addNote } from "~/modules/timeline/add-note.server";
import { acceptableValue } from "./suggestion-values.server";
import { summaryOutputSchema, type SummaryOutput } from "./summary-output.server";

export type AcceptSuggestionInput = { leadId: string; summaryId: string; field: SuggestionField; version: number };
type Outcome = { status: "accepted" | "stale" } | null;

/**
 * A person takes one suggestion of a summary onto the lead — nothing else
 * ever writes a suggestion to it. The stage goes through the ordinary move
 * (to the top of that column) and the fields through the ordinary edit,
 * checked as the lead form checks them, both with the version the person
 * saw, so a teammate's change since makes it stale rather than overwritten.
 * A deadline has no field: it becomes a note. Each suggestion is taken once
 * (claimed first, released if the write does not happen). Null when the
 * summary is not this lead's.
 */
export async function acceptSummarySuggestion(editor: LeadEditor, input: AcceptSuggestionInput): Promise<Outcome> {
  const { organizationId } = editor;
  const claimed = await withOrganization(organizationId, async (db) => {
    const [row] = await db.execute<{ output: unknown; locale: Locale; taken: boolean }[]>(
      `select a.output, o.locale, (a.accepted -> ?) is not null as taken from ai_summaries a join organizations o on o.id = a.organization_id
        where a.organization_id = ? and a.lead_id = ? and a.id = ? and a.status = 'succeeded' for update of a`,
      [input.field, organizationId, input.leadId, input.summaryId],
    );
    if (!row) return null;
    const output = summaryOutputSchema.safeParse(row.output);
    if (!output.success) nothingSuggested();
    if (row.taken) throw new DomainRefusal(message("ai.accept.already"), { status: 409, code: "already_accepted" });
    await db.execute(
      "update ai_summaries set accepted = accepted || jsonb_build_object(?::text, jsonb_build_object('userId', ?::text, 'at', now())) where organization_id = ? and id = ?",
      [input.field, editor.user.id, organizationId, input.summaryId],
    );
    return { output: output.data, locale: row.locale };
  });
  if (!claimed) return null;
  let result: Outcome = null;
  try {
    result = await apply(editor, input, claimed.output, claimed.locale);
  } finally {
    if (result?.status !== "accepted") await release(organizationId, input);
  }
  return result;
}

async function release(organizationId: string, input: AcceptSuggestionInput) {
  await withOrganization(organizationId, (db) =>
    db.execute("update ai_summaries set accepted = accepted - ?::text where organization_id = ? and id = ?", [input.field, organizationId, input.summaryId]),
  );
}

function nothingSuggested(): never {
  throw new DomainRefusal(message("ai.accept.nothing"), { status: 409, code: "nothing_suggested" });
}

async function apply(editor: LeadEditor, input: AcceptSuggestionInput, output: SummaryOutput, locale: Locale): Promise<Outcome> {
  const { leadId, version } = input;
  if (input.field === "stage") {
    if (!output.suggestedStageId) nothingSuggested();
    const moved = await moveLead({ organizationId: editor.organizationId, user: { id: editor.user.id, fullName: editor.user.fullName } }, { leadId, toStageId: output.suggestedStageId, afterLeadId: null, version });
    return { status: moved.status === "stale" ? "stale" : "accepted" };
  }
  if (!output.extracted[input.field]) nothingSuggested();
  const value = acceptableValue(input.field, output.extracted);
  if (!value) throw new DomainRefusal(message(input.field === "budget" ? "ai.accept.budgetUnreadable" : "ai.accept.invalid"), { status: 422, code: "not_acceptable" });
  if (input.field === "deadline") {
    const note = await addNote(
      { organizationId: editor.organizationId, userId: editor.user.id, userName: editor.user.fullName },
      { leadId, content: getTranslator(locale).t("ai.accept.deadlineNote", { deadline: value }) },
    );
    return note && { status: "accepted" };
  }
  const fields = input.field === "budget" ? { estimatedValue: value } : { [input.field]: value };
  const updated = await updateLead(editor, { leadId, version, fields });
  return updated && { status: updated.status === "stale" ? "stale" : "accepted" };
}
