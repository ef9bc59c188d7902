import { Lead } from "@db/entities/lead";
import { LeadActivity } from "@db/entities/lead-activity";
import { OrganizationMember } from "@db/entities/organization-member";
import { PipelineStage } from "@db/entities/pipeline-stage";
import { withOrganization } from "~/utils/db.server";
import { readLastEventId } from "~/modules/realtime/read-events.server";
import { listTimeline } from "~/modules/timeline/list-timeline.server";
import type { LeadFieldName } from "./field-labels";
import { snapshotLead } from "./snapshot-lead";

type Change = { from: unknown; to: unknown };

const byName = new Intl.Collator("pt-BR");

function changesOf(metadata: Record<string, unknown>): Partial<Record<LeadFieldName, Change>> {
  const changes = metadata.changes;
  return changes && typeof changes === "object" ? (changes as Partial<Record<LeadFieldName, Change>>) : {};
}

function text(value: unknown) {
  return typeof value === "string" && value ? value : null;
}

/**
 * One lead with its stage, the organization's members (the assignee choices),
 * the newest page of its timeline and its activity history, newest first, and
 * the organization's last event id (the page's live stream starts after it).
 */
export async function getLead(organizationId: string, leadId: string) {
  return withOrganization(organizationId, async (db) => {
    // Read first: whatever commits after it reaches the page as an event.
    const lastEventId = await readLastEventId(db, organizationId);
    const lead = await db.findOne(Lead, { id: leadId });
    if (!lead) return null;
    const [stages, timeline, activities, memberships] = await Promise.all([
      // Archived stages too: the history names the stages a lead passed through.
      db.find(PipelineStage, {}, { fields: ["id", "name", "color", "isActive"] }),
      listTimeline(db, organizationId, lead.id, null),
      db.find(LeadActivity, { lead: lead.id }, { orderBy: { createdAt: "desc" }, limit: 100 }),
      db.find(OrganizationMember, {}, { fields: ["user"] }),
    ]);
    const stage = stages.find((s) => s.id === lead.stage)!;
    const stageName = (id: unknown) => (typeof id === "string" ? (stages.find((s) => s.id === id)?.name ?? null) : null);

    const assigneeChanges = activities.flatMap((a) => {
      const change = changesOf(a.metadata).assignee;
      return change ? [change.from, change.to] : [];
    });
    const userIds = [
      lead.assignee,
      ...memberships.map((m) => m.user),
      ...activities.map((a) => a.actor),
      ...assigneeChanges,
    ].filter((id): id is string => typeof id === "string");
    // By id through `find_user_names`: people who left the organization still name their old rows.
    const users = userIds.length
      ? await db.execute<{ id: string; fullName: string }[]>(`select id, full_name as "fullName" from find_user_names(array[?]::uuid[])`, [
          [...new Set(userIds)],
        ])
      : [];
    // By id in a map: an organization of hundreds of members names up to 200 rows here.
    const names = new Map(users.map((u) => [u.id, u.fullName]));
    const nameOf = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? null) : null);
    const memberIds = new Set(memberships.map((m) => m.user));

    return {
      lead: {
        ...snapshotLead(lead),
        assigneeName: nameOf(lead.assignee),
        createdAt: lead.createdAt.toISOString(),
        lastContactAt: lead.lastContactAt?.toISOString() ?? null,
        lastContactChannel: lead.lastContactChannel ?? null,
        lastInboundAt: lead.lastInboundAt?.toISOString() ?? null,
        unreadCount: lead.unreadCount,
      },
      lastEventId,
      stage: { id: stage.id, name: stage.name, color: stage.color },
      members: users
        .filter((u) => memberIds.has(u.id))
        .map((u) => ({ id: u.id, fullName: u.fullName }))
        .sort((a, b) => byName.compare(a.fullName, b.fullName)),
      timeline,
      history: activities.map((a) => {
        const changes = Object.entries(changesOf(a.metadata)).map(([field, change]) => ({
          field: field as LeadFieldName,
          // Assignees are stored as ids; the history shows names.
          from: field === "assignee" ? nameOf(change.from) : change.from,
          to: field === "assignee" ? nameOf(change.to) : change.to,
        }));
        return {
          id: a.id,
          type: a.activityType,
          title: a.title,
          actorName: nameOf(a.actor),
          at: a.createdAt.toISOString(),
          changes,
          fromStage: text(a.metadata.fromStageName) ?? stageName(a.metadata.fromStageId),
          toStage: text(a.metadata.toStageName) ?? stageName(a.metadata.toStageId),
        };
      }),
    };
  });
}
