import type { SuggestionField } from "~/lib/ai";
import { message } from "~/i18n/catalogue";
import type { Locale } from "~/i18n/locales";
import { getTranslator } from "~/i18n/translator.server";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { moveLead } from "~/modules/leads/move-lead.server";
import { parseMoney } from "~/modules/leads/lead-fields.server";
import { updateLead, type LeadEditor } from "~/modules/leads/update-lead.server";
import { addNote } from "~/modules/timeline/add-note.server";
import { summaryOutputSchema, type SummaryOutput } from "./summary-output.server";

export type AcceptSuggestionInput = { leadId: string; summaryId: string; field: SuggestionField; version: number };

/**
 * A person takes one suggestion of a summary onto the lead — nothing else
 * ever writes a suggestion to it. The stage goes through the ordinary move
 * (to the top of that column) and the fields through the ordinary edit, both
 * with the version the person saw, so a teammate's change since makes it
 * stale rather than overwritten. A deadline has no field: it becomes a note.
 * Null when the summary is not this lead's.
 */
export async function acceptSummarySuggestion(editor: LeadEditor, input: AcceptSuggestionInput) {
  const { organizationId } = editor;
  const output = await withOrganization(organizationId, async (db) => {
    const [row] = await db.execute<{ output: unknown; locale: Locale }[]>(
      `select a.output, o.locale from ai_summaries a join organizations o on o.id = a.organization_id
        where a.organization_id = ? and a.lead_id = ? and a.id = ? and a.status = 'succeeded'`,
      [organizationId, input.leadId, input.summaryId],
    );
    return row ? { ...summaryOutputSchema.parse(row.output), locale: row.locale } : null;
  });
  if (!output) return null;
  const result = await apply(editor, input, output);
  if (result === null || result.status === "stale") return result;
  await withOrganization(organizationId, (db) =>
    db.execute(
      "update ai_summaries set accepted = accepted || jsonb_build_object(?::text, jsonb_build_object('userId', ?::text, 'at', now())) where organization_id = ? and id = ?",
      [input.field, editor.user.id, organizationId, input.summaryId],
    ),
  );
  return result;
}

function nothingSuggested(): never {
  throw new DomainRefusal(message("ai.accept.nothing"), { status: 409, code: "nothing_suggested" });
}

async function apply(editor: LeadEditor, input: AcceptSuggestionInput, output: SummaryOutput & { locale: Locale }) {
  const { leadId, version } = input;
  switch (input.field) {
    case "stage": {
      if (!output.suggestedStageId) nothingSuggested();
      const moved = await moveLead({ organizationId: editor.organizationId, user: { id: editor.user.id, fullName: editor.user.fullName } }, { leadId, toStageId: output.suggestedStageId, afterLeadId: null, version });
      return { status: moved.status === "stale" ? ("stale" as const) : ("accepted" as const) };
    }
    case "company":
    case "email": {
      const value = output.extracted[input.field];
      if (!value) nothingSuggested();
      return edited(await updateLead(editor, { leadId, version, fields: { [input.field]: value } }));
    }
    case "budget": {
      const amount = output.extracted.budget && amountOf(output.extracted.budget);
      if (!amount) throw new DomainRefusal(message("ai.accept.budgetUnreadable"), { status: 422, code: "budget_unreadable" });
      return edited(await updateLead(editor, { leadId, version, fields: { estimatedValue: amount } }));
    }
    case "deadline": {
      if (!output.extracted.deadline) nothingSuggested();
      const note = await addNote(
        { organizationId: editor.organizationId, userId: editor.user.id, userName: editor.user.fullName },
        { leadId, content: getTranslator(output.locale).t("ai.accept.deadlineNote", { deadline: output.extracted.deadline }) },
      );
      return note ? { status: "accepted" as const } : null;
    }
  }
}

function edited(result: Awaited<ReturnType<typeof updateLead>>) {
  if (!result) return null;
  return { status: result.status === "stale" ? ("stale" as const) : ("accepted" as const) };
}

/** "R$ 15 mil", "15k", "R$ 12.500,00" → "15000.00"; null when no amount can be read. */
export function amountOf(budget: string): string | null {
  const match = /(\d[\d.,]*)\s*(mil|k)?\b/i.exec(budget);
  if (!match) return null;
  const parsed = parseMoney(match[1]);
  if (!parsed.ok) return null;
  if (!match[2]) return parsed.value;
  return (Number(parsed.value) * 1000).toFixed(2);
}
