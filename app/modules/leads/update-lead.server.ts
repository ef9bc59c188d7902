import { message } from "~/i18n/catalogue";
import { randomUUID } from "node:crypto";
import { Lead } from "@db/entities/lead";
import { LeadActivity } from "@db/entities/lead-activity";
import { OrganizationMember } from "@db/entities/organization-member";
import { User } from "@db/entities/user";
import type { Db } from "~/utils/db.server";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { getTranslator } from "~/i18n/translator.server";
import { statusLabel } from "~/lib/labels";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { fieldLabel, type LeadFieldName } from "./field-labels";
import type { LeadFieldsInput } from "./lead-fields.server";
import { snapshotLead, type LeadSnapshot } from "./snapshot-lead";

export interface LeadEditor {
  organizationId: string;
  user: { id: string; fullName: string };
  /** Whether the role may change the assignee (`lead:assign`). */
  canAssign: boolean;
  /** Whether the role may move a lead into or out of the archive (`lead:archive`). */
  canArchive: boolean;
}

type Change = { from: unknown; to: unknown };

/** A stale save is an answer, not a refusal (ADR 010): it carries the lead as it is now for the editor to compare. */
export type UpdateLeadResult =
  | {
      status: "stale";
      current: LeadSnapshot;
      /** Fields where what the user sent differs from what the lead holds now. */
      differing: LeadFieldName[];
      changedBy: { id: string; fullName: string } | null;
      changedAt: string;
    }
  | { status: "unchanged"; version: number }
  | { status: "updated"; version: number; fields: LeadFieldName[] };

function sameValue(a: unknown, b: unknown) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function diff(current: LeadSnapshot, fields: LeadFieldsInput) {
  const changes: Partial<Record<LeadFieldName, Change>> = {};
  for (const [field, value] of Object.entries(fields) as [LeadFieldName, unknown][]) {
    if (value === undefined || sameValue(current[field], value)) continue;
    changes[field] = { from: current[field], to: value };
  }
  return changes;
}

/**
 * The entry's type and a plain title. Readers see a sentence built from the
 * structured metadata in their own language; the title (pt-BR, the default
 * language) only serves entries the renderer cannot rebuild.
 */
function describe(changes: Partial<Record<LeadFieldName, Change>>, assigneeName: string | null) {
  const { t } = getTranslator(DEFAULT_LOCALE);
  const fields = Object.keys(changes) as LeadFieldName[];
  if (fields.length === 1 && changes.assignee) {
    return {
      type: "assigned" as const,
      title: assigneeName ? `Atribuiu a ${assigneeName}` : "Removeu o responsável",
    };
  }
  if (fields.length === 1 && changes.status) {
    return { type: "status_changed" as const, title: `Alterou o status para ${statusLabel(t, String(changes.status.to))}` };
  }
  const labels = fields.map((field) => fieldLabel(t, field).toLocaleLowerCase(DEFAULT_LOCALE));
  return { type: "updated" as const, title: `Editou ${labels.join(", ")}`.slice(0, 255) };
}

/** Who last wrote the lead and when, for the "someone changed it first" message. */
async function staleResult(db: Db, lead: Lead, fields: LeadFieldsInput): Promise<UpdateLeadResult> {
  const current = snapshotLead(lead);
  const last = await db.findOne(LeadActivity, { lead: lead.id }, { orderBy: { createdAt: "desc" } });
  const author = last?.actor ? await db.findOne(User, { id: last.actor }, { fields: ["id", "fullName"] }) : null;
  return {
    status: "stale",
    current,
    differing: Object.keys(diff(current, fields)) as LeadFieldName[],
    changedBy: author ? { id: author.id, fullName: author.fullName } : null,
    changedAt: (last && last.createdAt > lead.updatedAt ? last.createdAt : lead.updatedAt).toISOString(),
  };
}

/**
 * Saves what changed in a lead, if the editor saw its current version. The
 * row is written with a `version = ?` guard, so a concurrent move or edit
 * that committed first turns this save into a "stale" answer that changes
 * nothing. A save writes one activity entry and one `lead.updated` event in
 * the same transaction. Null when the lead is not the organization's; a
 * change the editor's role may not make, or an assignee who is not a member,
 * is refused (`DomainRefusal`).
 */
export async function updateLead(
  editor: LeadEditor,
  input: { leadId: string; version: number; fields: LeadFieldsInput },
): Promise<UpdateLeadResult | null> {
  return withOrganization(editor.organizationId, async (db) => {
    const lead = await db.findOne(Lead, { id: input.leadId });
    if (!lead) return null;
    if (lead.version !== input.version) return staleResult(db, lead, input.fields);

    const changes = diff(snapshotLead(lead), input.fields);
    const fields = Object.keys(changes) as LeadFieldName[];
    if (!fields.length) return { status: "unchanged", version: lead.version };

    if (changes.status && !editor.canArchive && (changes.status.from === "archived" || changes.status.to === "archived")) {
      throw new DomainRefusal(message("lead.forbiddenArchive"), { status: 403 });
    }
    let assigneeName: string | null = null;
    if (changes.assignee) {
      if (!editor.canAssign) throw new DomainRefusal(message("lead.forbiddenAssign"), { status: 403 });
      const assignee = changes.assignee.to as string | null;
      if (assignee) {
        // Row-level security limits the lookup to this organization's members.
        const member = await db.findOne(OrganizationMember, { user: assignee });
        if (!member) throw new DomainRefusal(message("lead.chooseMember"), { status: 400, field: "assignee" });
        assigneeName = (await db.findOneOrFail(User, { id: assignee }, { fields: ["fullName"] })).fullName;
      }
    }

    const now = new Date();
    const values: Record<string, unknown> = Object.fromEntries(fields.map((field) => [field, changes[field]!.to]));
    if (changes.status) {
      if (changes.status.to === "won" || changes.status.to === "lost") values.closedAt = now;
      else if (changes.status.to === "active") values.closedAt = null;
    }
    const version = lead.version + 1;
    const written = await db.nativeUpdate(Lead, { id: lead.id, version: input.version }, { ...values, version, updatedAt: now });
    if (written === 0) {
      await db.refresh(lead);
      return staleResult(db, lead, input.fields);
    }

    const activity = describe(changes, assigneeName);
    db.create(LeadActivity, {
      id: randomUUID(),
      organization: editor.organizationId,
      lead: lead.id,
      actor: editor.user.id,
      activityType: activity.type,
      title: activity.title,
      metadata: { changes },
      createdAt: now,
    });
    await recordEvent(db, editor.organizationId, {
      type: "lead.updated",
      data: { leadId: lead.id, stageId: lead.stage, version, fields },
      actor: { id: editor.user.id, name: editor.user.fullName },
    });
    return { status: "updated", version, fields };
  });
}
