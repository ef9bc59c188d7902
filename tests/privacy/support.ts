import type { Role } from "~/lib/permissions";
import { stagesOf } from "../board/support";
import { aLead } from "../ai/support";
import { addMember, signUpOrganization } from "../security/streams-factories";
import { markupOf, type TestClient } from "../support/client";
import type { TestDatabase } from "../support/database";
import type { TestServer } from "../support/server";

export const USER_AGENT = "privacy-requests-test/1.0";

/** A Brazilian mobile nobody else in the test uses: E.164 with its ninth digit, as WhatsApp reports it (without), and as people type it. */
export function aPhone() {
  const rest = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  return { e164: `+55119${rest}`, whatsapp: `+5511${rest}`, typed: `+55 11 9${rest.slice(0, 4)}-${rest.slice(4)}` };
}

/** A fresh organization with a signed-in member for each role asked, and a lead factory on its first stage. */
export async function anOrganization(server: TestServer, db: TestDatabase, roles: Role[] = ["admin"]) {
  const organization = await signUpOrganization(server, db);
  const members = {} as Record<Role, { client: TestClient; userId: string }>;
  members.owner = { client: organization.owner, userId: organization.ownerId };
  for (const role of roles) members[role] = await addMember(server, db, organization.id, role);
  const [stage] = await stagesOf(db, organization.id);
  const lead = (details: { email?: string | null; phone?: string | null } = {}) => aLead(db, organization.owner, organization.slug, stage.id, details);
  return { organization, members, lead };
}

/** POSTs to the privacy page as a browser form does. */
export function postPrivacy(client: TestClient, slug: string, form: Record<string, string>) {
  return client.request(`/o/${slug}/settings/privacy`, { form, headers: { "user-agent": USER_AGENT } });
}

/** The ids a deletion's preview asks to confirm, from the page's markup (null when the answer has no preview). */
export function previewedLeadIds(markup: string) {
  const value = /name="confirmLeadIds" value="([^"]*)"/.exec(markup)?.[1];
  return value === undefined ? null : value.split(",").filter(Boolean);
}

/** A deletion request as an admin registers one: the form, then the preview's confirmation button. */
export async function postDeletion(client: TestClient, slug: string, form: { subject?: string; leadId?: string; requesterContact: string }) {
  const first = { intent: "create-request", kind: "deletion", ...form };
  const preview = await postPrivacy(client, slug, first);
  const leadIds = previewedLeadIds(markupOf(preview.body));
  if (preview.status !== 200 || !leadIds) return preview;
  return postPrivacy(client, slug, { ...first, confirmLeadIds: leadIds.join(",") });
}

export interface RequestRow {
  id: string;
  kind: string;
  status: string;
  lead_ids: string[];
  subject_phone_key: string | null;
  subject_email: string | null;
  requester_contact: string;
  requested_by_id: string | null;
  received_at: Date;
  due_at: Date;
  completed_at: Date | null;
  closed_by_id: string | null;
  progress: number;
  error: string | null;
  export_file_id: string | null;
  export_expires_at: Date | null;
}

export function requestsOf(db: TestDatabase, organizationId: string) {
  return db.adminQuery<RequestRow>("select * from privacy_requests where organization_id = $1 order by received_at, id", [organizationId]);
}

/** The `<li>` of a request on the privacy page's markup. */
export function requestItem(markup: string, requestId: string) {
  const start = markup.indexOf(`data-request-id="${requestId}"`);
  if (start < 0) return null;
  const open = markup.lastIndexOf("<li", start);
  return markup.slice(open, markup.indexOf("</li>", start) + 5);
}
