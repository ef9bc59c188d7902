import { randomUUID } from "node:crypto";
import { Communication } from "../entities/communication";
import { Lead } from "../entities/lead";
import { LeadActivity } from "../entities/lead-activity";
import { OrganizationMember } from "../entities/organization-member";
import { PipelineStage } from "../entities/pipeline-stage";
import { User } from "../entities/user";
import { executeWithoutTenant, withOrganization, withUser } from "../../app/utils/db.server";
import { hashPassword } from "../../app/utils/password.server";
import { keysInOrder } from "../../app/lib/ordering";
import type { Role } from "../../app/lib/permissions";
import { createOrganization } from "../../app/modules/organizations/create-organization.server";
import { scheduleLeadSummary } from "../../app/modules/ai/schedule-lead-summary.server";
import { isOpenAiConfigured } from "../../app/modules/ai/openai/openai-client.server";
import { generateDemoLeads, type DemoLead, type StageKey } from "./demo-data";
import { AURORA_CHATS, BOREAL_CHATS, chatWith, pickChatLeads, type DemoChat } from "./demo-conversations";
import { DEMO_TWILIO_CONNECTIONS } from "./demo-twilio";
import { DEMO_WHATSAPP_CONNECTIONS, type DemoWhatsAppConnection } from "./demo-whatsapp";
import { addDemoConversations } from "./seed-demo-conversations";
import { addDemoCallPhones, addDemoTwilioConnection } from "./seed-demo-twilio";
import { addDemoWhatsAppConnection } from "./seed-demo-whatsapp";

export const DEMO_PASSWORD = "aurora-demo-2026";

export const DEMO_ACCOUNTS: { email: string; fullName: string; role: Role; organization: "aurora" | "boreal" }[] = [
  { email: "owner@aurora.test", fullName: "Helena Duarte", role: "owner", organization: "aurora" },
  { email: "manager@aurora.test", fullName: "Rafael Monteiro", role: "manager", organization: "aurora" },
  { email: "rep@aurora.test", fullName: "Camila Nogueira", role: "member", organization: "aurora" },
  { email: "viewer@aurora.test", fullName: "Otávio Lins", role: "viewer", organization: "aurora" },
  { email: "owner@boreal.test", fullName: "Bruno Tavares", role: "owner", organization: "boreal" },
];

/** Fixed "now" for the seed's relative times would make every run identical but stale; times are relative to the run. */
function minutesAgo(minutes: number) {
  return new Date(Date.now() - minutes * 60_000);
}

async function createUsers() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: User[] = [];
  // Each account is written in its own user's scope (the users policy admits only that row).
  for (const account of DEMO_ACCOUNTS) {
    const id = randomUUID();
    users.push(
      await withUser(id, async (db) => {
        const user = db.create(User, { id, email: account.email, fullName: account.fullName, passwordHash, emailVerified: true });
        await db.flush();
        return user;
      }),
    );
  }
  return users;
}

async function createDemoOrganization(name: string, slug: string, ownerId: string) {
  return withUser(ownerId, (db) => createOrganization(db, { name, slug, ownerId }));
}

/** Adds the leads with their generated timelines; their ids, in order. */
async function addLeads(organizationId: string, leads: DemoLead[], assigneeIds: string[]) {
  return withOrganization(organizationId, async (db) => {
    const stages = await db.find(PipelineStage, {}, { orderBy: { position: "asc" } });
    const stageByKey = new Map(stages.map((stage) => [stage.stageType as StageKey, stage.id]));
    const countPerStage = new Map<StageKey, number>();
    for (const lead of leads) countPerStage.set(lead.stage, (countPerStage.get(lead.stage) ?? 0) + 1);
    const keysPerStage = new Map([...countPerStage].map(([stage, count]) => [stage, keysInOrder(count)]));
    const ids: string[] = [];
    for (const demo of leads) {
      const assignee = demo.assigneeIndex === null ? null : assigneeIds[demo.assigneeIndex % assigneeIds.length];
      const createdAt = minutesAgo(demo.createdMinutesAgo);
      const lead = db.create(Lead, {
        id: randomUUID(),
        organization: organizationId,
        fullName: demo.fullName,
        email: demo.email,
        phone: demo.phone,
        company: demo.company,
        jobTitle: demo.jobTitle,
        stage: stageByKey.get(demo.stage)!,
        position: keysPerStage.get(demo.stage)![demo.position],
        assignee,
        source: demo.source,
        priority: demo.priority,
        tags: demo.tags,
        estimatedValue: demo.estimatedValue,
        status: demo.status,
        notes: demo.notes,
        lastContactAt: demo.lastContactMinutesAgo === null ? null : minutesAgo(demo.lastContactMinutesAgo),
        lastContactChannel: demo.lastContactChannel,
        createdBy: assignee,
        closedAt: demo.status === "active" ? null : minutesAgo(Math.min(demo.lastContactMinutesAgo ?? 0, demo.createdMinutesAgo)),
        createdAt,
        updatedAt: createdAt,
      });
      ids.push(lead.id);
      db.create(LeadActivity, {
        id: randomUUID(),
        organization: organizationId,
        lead: lead.id,
        actor: assignee,
        activityType: "created",
        title: "Lead criado",
        metadata: { source: demo.source },
        createdAt,
      });
      for (const entry of demo.timeline) {
        db.create(Communication, {
          id: randomUUID(),
          organization: organizationId,
          lead: lead.id,
          author: entry.authorIndex === null ? null : assigneeIds[entry.authorIndex % assigneeIds.length],
          channel: entry.channel,
          direction: entry.direction,
          subject: entry.subject,
          content: entry.content,
          sentAt: minutesAgo(entry.minutesAgo),
          status: entry.direction === "internal" ? null : "delivered",
        });
      }
    }
    await db.flush();
    return ids;
  });
}

/**
 * The organization's leads, a few of which carry a full WhatsApp history
 * (demo-conversations.ts) instead of a generated timeline, written through
 * the organization's demo connection.
 */
async function addLeadsWithChats(organizationId: string, leads: DemoLead[], assigneeIds: string[], chats: DemoChat[], whatsapp: DemoWhatsAppConnection) {
  const chatLeads = pickChatLeads(leads, chats);
  const withoutTimelines = leads.map((lead, index) =>
    chatLeads.includes(index) ? { ...lead, timeline: [], lastContactMinutesAgo: null, lastContactChannel: null } : lead,
  );
  const ids = await addLeads(organizationId, withoutTimelines, assigneeIds);
  const connectionId = await addDemoWhatsAppConnection(organizationId, whatsapp);
  await addDemoConversations(
    organizationId,
    { connectionId, phoneNumberId: whatsapp.phoneNumbers[0].id, messageIdPrefix: `wamid.demo.${whatsapp.wabaId}` },
    chatLeads.map((leadIndex, chatIndex) => {
      const lead = leads[leadIndex];
      return { id: ids[leadIndex], assigneeId: assigneeIds[lead.assigneeIndex! % assigneeIds.length], chat: chatWith(chats[chatIndex], lead.fullName.split(" ")[0]) };
    }),
  );
}

async function addMember(organizationId: string, userId: string, role: Role) {
  await withOrganization(organizationId, async (db) => {
    db.create(OrganizationMember, { id: randomUUID(), organization: organizationId, user: userId, role });
  });
}

/** Whether the demo organizations exist already (the seed runs once per database). */
export async function isDemoSeeded() {
  return (await executeWithoutTenant(`select slug from taken_organization_slugs(array['aurora', 'boreal']) as slug`)).length > 0;
}

export async function isDatabaseEmpty() {
  return (await executeWithoutTenant(`select id from list_organization_ids() as id limit 1`)).length === 0;
}

/**
 * Agência Aurora (four demo logins, ~200 leads with timelines) and Boreal (its
 * own owner, a handful of leads), so tenant isolation is visible; each has a
 * demo WhatsApp connection with its numbers and templates, and a few leads
 * with WhatsApp histories (a picture and a voice note among them, stored in
 * S3: the storage must be up); Aurora also has a demo Twilio connection and a
 * rep with a phone to take its calls. AI summaries are on in both unless
 * `aiEnabled` is false (the test template: suites turn AI on for the
 * organizations they build). Deterministic: the same people, companies and
 * conversations every time.
 */
export async function seedDemo({ aiEnabled = true }: { aiEnabled?: boolean } = {}) {
  const users = await createUsers();
  const byEmail = new Map(users.map((user) => [user.email, user.id]));
  const aurora = await createDemoOrganization("Agência Aurora", "aurora", byEmail.get("owner@aurora.test")!);
  for (const account of DEMO_ACCOUNTS.filter((a) => a.organization === "aurora" && a.role !== "owner")) {
    await addMember(aurora.id, byEmail.get(account.email)!, account.role);
  }
  const auroraSellers = ["owner@aurora.test", "manager@aurora.test", "rep@aurora.test"].map((email) => byEmail.get(email)!);
  const auroraLeads = generateDemoLeads({ seed: 2026, count: 200, assigneeCount: auroraSellers.length });
  await addLeadsWithChats(aurora.id, auroraLeads, auroraSellers, AURORA_CHATS, DEMO_WHATSAPP_CONNECTIONS.aurora);
  await addDemoTwilioConnection(aurora.id, DEMO_TWILIO_CONNECTIONS.aurora);
  await addDemoCallPhones(byEmail);

  const borealOwner = byEmail.get("owner@boreal.test")!;
  const boreal = await createDemoOrganization("Boreal Marketing", "boreal", borealOwner);
  const borealLeads = generateDemoLeads({ seed: 4242, count: 8, assigneeCount: 1 });
  await addLeadsWithChats(boreal.id, borealLeads, [borealOwner], BOREAL_CHATS, DEMO_WHATSAPP_CONNECTIONS.boreal);
  if (aiEnabled) await enableDemoAi([aurora.id, boreal.id]);
  return { aurora, boreal };
}

/**
 * The demo shows summaries out of the box: AI on, and — with the local
 * analyzer, which costs nothing — the leads with WhatsApp histories
 * summarized by the worker as soon as it starts. With a provider key the
 * seed sends nothing: a hundred-odd requests at first start would spend the
 * month's limit; summaries then come as conversations change.
 */
async function enableDemoAi(organizationIds: string[]) {
  for (const organizationId of organizationIds) {
    await withOrganization(organizationId, async (db) => {
      await db.execute("update organizations set ai_enabled = true where id = ?", [organizationId]);
      const chats = await db.execute<{ lead_id: string }[]>(
        "select distinct lead_id from communications where organization_id = ? and channel = 'whatsapp'",
        [organizationId],
      );
      if (!isOpenAiConfigured()) for (const { lead_id } of chats) await scheduleLeadSummary(db, organizationId, lead_id);
    });
  }
}
