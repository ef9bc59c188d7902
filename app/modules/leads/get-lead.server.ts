import { Communication } from "@db/entities/communication";
import { Lead } from "@db/entities/lead";
import { LeadActivity } from "@db/entities/lead-activity";
import { PipelineStage } from "@db/entities/pipeline-stage";
import { User } from "@db/entities/user";
import { withOrganization } from "~/utils/db.server";

/** One lead with its stage, assignee and merged timeline (communications and activities), newest first. */
export async function getLead(organizationId: string, leadId: string) {
  return withOrganization(organizationId, async (db) => {
    const lead = await db.findOne(Lead, { id: leadId });
    if (!lead) return null;
    const [stage, communications, activities] = await Promise.all([
      db.findOneOrFail(PipelineStage, { id: lead.stage }),
      db.find(Communication, { lead: lead.id }, { orderBy: { sentAt: "desc" }, limit: 100 }),
      db.find(LeadActivity, { lead: lead.id }, { orderBy: { createdAt: "desc" }, limit: 100 }),
    ]);
    const userIds = [lead.assignee, ...communications.map((c) => c.author), ...activities.map((a) => a.actor)];
    const users = await db.find(User, { id: { $in: [...new Set(userIds.filter((id): id is string => !!id))] } });
    const nameOf = (id: string | null | undefined) => (id ? (users.find((u) => u.id === id)?.fullName ?? null) : null);
    const timeline = [
      ...communications.map((c) => ({
        id: c.id,
        kind: "communication" as const,
        channel: c.channel,
        direction: c.direction,
        subject: c.subject,
        content: c.content,
        authorName: nameOf(c.author),
        at: c.sentAt.toISOString(),
      })),
      ...activities.map((a) => ({
        id: a.id,
        kind: "activity" as const,
        channel: null,
        direction: null,
        subject: a.title,
        content: null,
        authorName: nameOf(a.actor),
        at: a.createdAt.toISOString(),
      })),
    ].sort((a, b) => b.at.localeCompare(a.at));
    return {
      lead: {
        id: lead.id,
        version: lead.version,
        fullName: lead.fullName,
        email: lead.email,
        phone: lead.phone,
        company: lead.company,
        jobTitle: lead.jobTitle,
        source: lead.source,
        priority: lead.priority,
        status: lead.status,
        tags: lead.tags,
        estimatedValue: lead.estimatedValue,
        notes: lead.notes,
        assigneeName: nameOf(lead.assignee),
        createdAt: lead.createdAt.toISOString(),
        lastContactAt: lead.lastContactAt?.toISOString() ?? null,
        lastContactChannel: lead.lastContactChannel,
      },
      stage: { id: stage.id, name: stage.name, color: stage.color },
      timeline,
    };
  });
}
