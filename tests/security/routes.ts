import type { Permission, Role } from "~/lib/permissions";
import type { TestResponse } from "../support/client";
import { PASSWORD, twilioConnectionForm, whatsAppConnectionForm, type Ids, type Table } from "./support";

/**
 * Every URL the app serves, and every action intent each one handles: the one
 * list the security suite (tests/security/route-*.test.ts) attacks. A route
 * module or an intent that is not here fails route-list.test.ts.
 */

/** Who may call it at all: anyone, only signed-out visitors, any signed-in user, or a member of the `:slug` organization. */
export type Access = "public" | "anonymous" | "user" | "member";

export interface Intent {
  /** The `intent` field's value; null for a form that has none. */
  name: string | null;
  /** For member routes: the permission of the one matrix (app/utils/permissions.ts) it needs. */
  permission?: Permission;
  /** A valid form for these ids (the intent field included). */
  form(ids: Ids): Record<string, string>;
  /**
   * What a success changes: refused attempts must leave the whole database
   * (and the drag locks) untouched, and the role matrix checks that the lowest
   * allowed role does change these.
   */
  writes: Table[];
  /** Form fields that carry organization-scoped ids (besides the `:slug` and path ids). */
  takes?: (keyof Ids)[];
  /** Who sends it when not the owner: only a note's author (the organization's member) may change it. */
  by?: Role;
  /** Fields the form may leave out (bad values are still refused). */
  optional?: string[];
  /** Fields where any text is acceptable (a redirect target falls back to a default). */
  lenient?: string[];
  /** Bad input is ignored with a redirect back rather than answered with a 4xx (a plain-form language switch). */
  ignoresBadInput?: boolean;
}

export interface Route {
  /** The module file in app/routes/. */
  module: string;
  /** URL template; `:name` segments are filled from Ids. */
  path: string;
  /** A layout: no URL of its own, its loader runs under its children's URLs. */
  layout?: boolean;
  /** `webhook`: a provider's callback, which succeeds only for a signed delivery (tests/whatsapp/ sign them). */
  kind: "page" | "resource" | "stream" | "webhook";
  access: Access;
  /** GET answers (a loader); its permission for member routes. */
  get?: {
    permission?: Permission;
    query?: (ids: Ids) => string;
    /** Organization-scoped ids in the query. */
    takes?: (keyof Ids)[];
    /** How it answers for ids that do not exist in the organization, when that is not a 404. */
    absent?: (response: TestResponse, ids: Ids) => boolean;
  };
  intents: Intent[];
}

const leadEdit = (ids: Ids) => ({ intent: "update", version: String(ids.version), fullName: "Nome Alterado" });
const presence = (intent: string): Intent => ({
  name: intent,
  permission: "lead:move",
  form: (ids) => ({ intent, leadId: ids.leadId }),
  // drag-end releases only the caller's own claim, which a fresh caller does not hold.
  writes: intent === "drag-end" ? [] : ["presence"],
  takes: ["leadId"],
});

export const ROUTES: Route[] = [
  { module: "_index.tsx", path: "/", kind: "page", access: "public", get: {}, intents: [] },
  { module: "healthz.ts", path: "/healthz", kind: "resource", access: "public", get: {}, intents: [] },
  { module: "i18n.$file.ts", path: "/i18n/pt-BR.js", kind: "resource", access: "public", get: {}, intents: [] },
  { module: "manifest[.]webmanifest.ts", path: "/manifest.webmanifest", kind: "resource", access: "public", get: {}, intents: [] },
  { module: "icons.$file.ts", path: "/icons/icon-192.png", kind: "resource", access: "public", get: {}, intents: [] },
  // Meta's callback: no session, no form. Its own suites (tests/whatsapp/webhook-*.test.ts, the fuzz) sign real deliveries;
  // here it meets every outsider's request: unsigned, cross-site, oversized, malformed — and stores nothing.
  {
    module: "webhooks.whatsapp.$connectionKey.ts",
    path: "/webhooks/whatsapp/:connectionKey",
    kind: "webhook",
    access: "public",
    get: {},
    intents: [{ name: null, form: () => ({}), writes: [] }],
  },
  // Twilio's requests: POST only (their loader answers any GET 405, so no `get` here), verified (X-Twilio-Signature over APP_URL + path, then AccountSid) before
  // anything is read or stored. tests/twilio/ sign real ones; here they meet outsiders' requests and store nothing.
  ...(["voice", "status", "recording"] as const).map(
    (leaf): Route => ({
      module: `webhooks.twilio.$connectionKey.${leaf}.ts`,
      path: `/webhooks/twilio/:twilioConnectionKey/${leaf}`,
      kind: "webhook",
      access: "public",
      intents: [{ name: null, form: () => ({}), writes: [] }],
    }),
  ),
  {
    module: "webhooks.twilio.$connectionKey.connect.$callId.ts",
    path: "/webhooks/twilio/:twilioConnectionKey/connect/:callId",
    kind: "webhook",
    access: "public",
    intents: [{ name: null, form: () => ({}), writes: [] }],
  },
  {
    module: "login.tsx",
    path: "/login",
    kind: "page",
    access: "anonymous",
    get: {},
    intents: [{ name: null, form: (ids) => ({ email: ids.email, password: PASSWORD, redirectTo: "/" }), writes: ["user_sessions", "users"], lenient: ["redirectTo"] }],
  },
  {
    module: "signup.tsx",
    path: "/signup",
    kind: "page",
    access: "anonymous",
    get: {},
    intents: [
      {
        name: null,
        form: () => ({ name: "Nova Pessoa", email: `signup-${Math.random().toString(36).slice(2)}@example.test`, password: PASSWORD, organization: "Nova Agência" }),
        writes: ["users", "organizations", "organization_members", "user_sessions"],
      },
    ],
  },
  { module: "logout.ts", path: "/logout", kind: "resource", access: "public", get: {}, intents: [{ name: null, form: () => ({}), writes: ["user_sessions"] }] },
  {
    module: "locale.ts",
    path: "/locale",
    kind: "resource",
    access: "public",
    get: {},
    intents: [{ name: null, form: () => ({ locale: "en", redirectTo: "/" }), writes: ["users"], lenient: ["redirectTo"], ignoresBadInput: true }],
  },
  {
    module: "invites.$token.tsx",
    path: "/invites/:inviteToken",
    kind: "page",
    access: "public",
    get: {},
    intents: [
      { name: "accept", form: () => ({ intent: "accept" }), writes: ["organization_members", "organization_invites"] },
      { name: "register", form: () => ({ intent: "register", name: "Pessoa Convidada", password: PASSWORD }), writes: ["users", "organization_members", "user_sessions"] },
    ],
  },
  {
    module: "organizations.new.tsx",
    path: "/organizations/new",
    kind: "page",
    access: "user",
    get: {},
    intents: [{ name: null, form: () => ({ organization: "Outra Agência" }), writes: ["organizations", "organization_members", "pipeline_stages"] }],
  },
  {
    // A person's own row: no id in the form, the session says whose (tests/account/ checks no one else's changes).
    module: "account.tsx",
    path: "/account",
    kind: "page",
    access: "user",
    get: {},
    intents: [
      {
        name: null,
        form: () => ({ fullName: "Pessoa Renomeada", locale: "pt-BR", timeZone: "America/Manaus", phone: "(11) 91234-5678" }),
        writes: ["users"],
      },
      // Sent by a throwaway member (tests/security/support.ts actorFor): a success ends only that person.
      {
        name: "delete-account",
        form: () => ({ intent: "delete-account", password: PASSWORD, confirm: "on" }),
        writes: ["users", "user_sessions", "organization_members", "audit_logs"],
      },
      {
        name: "restore-organization",
        form: (ids) => ({ intent: "restore-organization", organizationId: ids.deletedOrganizationId }),
        writes: ["organizations", "audit_logs"],
      },
    ],
  },
  { module: "o.$slug.tsx", path: "/o/:slug", layout: true, kind: "page", access: "member", get: {}, intents: [] },
  { module: "o.$slug._index.tsx", path: "/o/:slug", kind: "page", access: "member", get: {}, intents: [] },
  {
    module: "o.$slug.board.tsx",
    path: "/o/:slug/board",
    kind: "page",
    access: "member",
    get: { permission: "board:view" },
    intents: [
      {
        name: "create",
        permission: "lead:create",
        form: (ids) => ({ intent: "create", stageId: ids.stageId, fullName: "Lead Novo", phone: "(11) 98765-4321", company: "Empresa", estimatedValue: "1.500,00" }),
        writes: ["leads", "lead_activities", "realtime_events"],
        takes: ["stageId"],
        optional: ["phone", "company", "estimatedValue"],
      },
      {
        name: "move",
        permission: "lead:move",
        form: (ids) => ({ intent: "move", leadId: ids.leadId, toStageId: ids.otherStageId, afterLeadId: "", version: String(ids.version) }),
        writes: ["leads", "lead_activities", "realtime_events"],
        takes: ["leadId", "otherStageId"],
        optional: ["afterLeadId"],
      },
    ],
  },
  {
    module: "o.$slug.board.cards.ts",
    path: "/o/:slug/board/cards",
    kind: "resource",
    access: "member",
    get: {
      permission: "board:view",
      query: (ids) => `ids=${ids.leadId}`,
      takes: ["leadId"],
      // Cards that are gone or filtered out come back as null.
      absent: (response, ids) => response.status === 200 && (JSON.parse(response.body) as { cards: Record<string, unknown> }).cards[ids.leadId] === null,
    },
    intents: [],
  },
  {
    module: "o.$slug.board.column.ts",
    path: "/o/:slug/board/column",
    kind: "resource",
    access: "member",
    get: { permission: "board:view", query: (ids) => `stageId=${ids.stageId}`, takes: ["stageId"] },
    intents: [],
  },
  { module: "o.$slug.events.ts", path: "/o/:slug/events", kind: "stream", access: "member", get: { permission: "board:view" }, intents: [] },
  {
    module: "o.$slug.presence.ts",
    path: "/o/:slug/presence",
    kind: "resource",
    access: "member",
    intents: [presence("drag-start"), presence("heartbeat"), presence("drag-end")],
  },
  {
    module: "o.$slug.leads.$leadId.tsx",
    path: "/o/:slug/leads/:leadId",
    kind: "page",
    access: "member",
    get: { permission: "lead:view" },
    intents: [
      // An edit sends the fields it changes: an absent one stays as it is.
      { name: "update", permission: "lead:edit", form: leadEdit, writes: ["leads", "lead_activities", "realtime_events"], optional: ["fullName"] },
      { name: "delete", permission: "lead:delete", form: () => ({ intent: "delete" }), writes: ["leads", "audit_logs", "realtime_events"] },
      { name: "add-note", permission: "note:create", form: () => ({ intent: "add-note", content: "Ligar amanhã" }), writes: ["communications", "realtime_events"] },
      // Only the note's author (the organization's member) may change it.
      {
        name: "edit-note",
        permission: "note:create",
        form: (ids) => ({ intent: "edit-note", noteId: ids.noteId, content: "Ligar depois de amanhã" }),
        writes: ["communications", "realtime_events"],
        by: "member",
        takes: ["noteId"],
      },
      {
        name: "delete-note",
        permission: "note:create",
        form: (ids) => ({ intent: "delete-note", noteId: ids.noteId }),
        writes: ["communications", "realtime_events"],
        by: "member",
        takes: ["noteId"],
      },
      // The suite's lead wrote minutes ago (support.ts): its window is open and the connection has an approved template.
      {
        name: "send-whatsapp",
        permission: "message:send",
        form: () => ({ intent: "send-whatsapp", text: "Olá! Tudo certo?" }),
        writes: ["communications", "leads", "realtime_events", "graphile_worker._private_jobs"],
      },
      {
        name: "send-template",
        permission: "message:send",
        form: () => ({ intent: "send-template", template: "boas_vindas", language: "pt_BR", variable: "Maria" }),
        writes: ["communications", "leads", "realtime_events", "graphile_worker._private_jobs"],
      },
      { name: "mark-read", permission: "message:send", form: () => ({ intent: "mark-read" }), writes: ["leads", "realtime_events"] },
      // The organization has a Twilio number, every role's person a saved phone and the lead a phone (support.ts); one call per caller per file.
      { name: "call", permission: "call:place", form: () => ({ intent: "call" }), writes: ["communications", "realtime_events", "graphile_worker._private_jobs"] },
      // The suite's call has ended: any member may record (and change) how it went.
      {
        name: "call-outcome",
        permission: "call:place",
        form: (ids) => ({ intent: "call-outcome", callId: ids.callId, outcome: "answered", note: "Pediu proposta" }),
        writes: ["communications", "realtime_events"],
        takes: ["callId"],
        optional: ["note"],
      },
      // AI is on in the suite's organizations and the lead has a conversation its stored summary does not match.
      { name: "summarize", permission: "ai:summarize", form: () => ({ intent: "summarize" }), writes: ["graphile_worker._private_jobs"] },
      // A deadline has no field: accepting it writes a note (and marks the suggestion taken).
      {
        name: "accept-suggestion",
        permission: "lead:edit",
        form: (ids) => ({ intent: "accept-suggestion", summaryId: ids.summaryId, field: "deadline", version: String(ids.version) }),
        writes: ["communications", "ai_summaries", "realtime_events"],
        takes: ["summaryId"],
      },
    ],
  },
  { module: "o.$slug.files.$fileId.ts", path: "/o/:slug/files/:fileId", kind: "resource", access: "member", get: { permission: "lead:view" }, intents: [] },
  {
    module: "o.$slug.leads.$leadId.timeline.ts",
    path: "/o/:slug/leads/:leadId/timeline",
    kind: "resource",
    access: "member",
    get: { permission: "lead:view", query: () => `before=${Date.now()}_00000000-0000-4000-8000-000000000000` },
    intents: [],
  },
  {
    module: "o.$slug.settings.members.tsx",
    path: "/o/:slug/settings/members",
    kind: "page",
    access: "member",
    get: { permission: "members:view" },
    intents: [
      {
        name: "invite",
        permission: "members:invite",
        form: () => ({ intent: "invite", email: `novo-${Math.random().toString(36).slice(2)}@example.test`, role: "member" }),
        writes: ["organization_invites", "audit_logs", "graphile_worker._private_jobs"],
      },
      {
        name: "resend-invite",
        permission: "members:invite",
        form: (ids) => ({ intent: "resend-invite", inviteId: ids.inviteId }),
        writes: ["organization_invites", "graphile_worker._private_jobs"],
        takes: ["inviteId"],
      },
      {
        name: "revoke-invite",
        permission: "members:invite",
        form: (ids) => ({ intent: "revoke-invite", inviteId: ids.inviteId }),
        writes: ["organization_invites", "audit_logs"],
        takes: ["inviteId"],
      },
      {
        name: "change-role",
        permission: "members:change-role",
        form: (ids) => ({ intent: "change-role", memberId: ids.memberId, role: "viewer" }),
        writes: ["organization_members", "audit_logs"],
        takes: ["memberId"],
      },
      {
        name: "remove",
        permission: "members:remove",
        form: (ids) => ({ intent: "remove", memberId: ids.memberId }),
        writes: ["organization_members", "audit_logs"],
        takes: ["memberId"],
      },
    ],
  },
  {
    module: "o.$slug.settings.pipeline.tsx",
    path: "/o/:slug/settings/pipeline",
    kind: "page",
    access: "member",
    get: { permission: "pipeline:manage" },
    intents: [
      { name: "create", permission: "pipeline:manage", form: () => ({ intent: "create", name: "Etapa Nova", color: "#00aa55" }), writes: ["pipeline_stages", "audit_logs"] },
      {
        name: "update",
        permission: "pipeline:manage",
        form: (ids) => ({ intent: "update", stageId: ids.stageId, name: "Etapa Renomeada", color: "#aa0055" }),
        writes: ["pipeline_stages", "audit_logs"],
        takes: ["stageId"],
      },
      {
        name: "move",
        permission: "pipeline:manage",
        form: (ids) => ({ intent: "move", stageId: ids.stageId, direction: "up" }),
        writes: ["pipeline_stages", "audit_logs"],
        takes: ["stageId"],
      },
      {
        name: "archive",
        permission: "pipeline:manage",
        form: (ids) => ({ intent: "archive", stageId: ids.stageId, moveTo: ids.otherStageId }),
        writes: ["pipeline_stages", "audit_logs"],
        takes: ["stageId", "otherStageId"],
      },
    ],
  },
  {
    module: "o.$slug.settings.integrations.tsx",
    path: "/o/:slug/settings/integrations",
    kind: "page",
    access: "member",
    get: { permission: "integration:manage" },
    intents: [
      {
        name: "create-connection",
        permission: "integration:manage",
        form: () => whatsAppConnectionForm(),
        writes: ["whatsapp_connections", "whatsapp_phone_numbers", "audit_logs"],
        optional: ["newLeadAssignment"],
      },
      {
        name: "update-connection",
        permission: "integration:manage",
        form: (ids) => ({
          intent: "update-connection",
          connectionId: ids.connectionId,
          name: "WhatsApp Renomeado",
          numbers: `${ids.phoneNumberId} +55 21 91234-5678`,
          accessToken: "EAAGnovotokendeacesso0123456789",
          newLeadAssignment: "round_robin",
        }),
        writes: ["whatsapp_connections", "whatsapp_phone_numbers", "audit_logs"],
        takes: ["connectionId"],
        // An absent secret keeps the stored one.
        optional: ["accessToken"],
      },
      {
        name: "rotate-connection",
        permission: "integration:manage",
        form: (ids) => ({ intent: "rotate-connection", connectionId: ids.connectionId, appSecret: "fedcba9876543210fedcba9876543210" }),
        writes: ["whatsapp_connections", "audit_logs"],
        takes: ["connectionId"],
      },
      {
        name: "disconnect-connection",
        permission: "integration:manage",
        form: (ids) => ({ intent: "disconnect-connection", connectionId: ids.connectionId }),
        writes: ["whatsapp_connections", "whatsapp_phone_numbers", "audit_logs"],
        takes: ["connectionId"],
      },
      {
        name: "sync-templates",
        permission: "integration:manage",
        form: (ids) => ({ intent: "sync-templates", connectionId: ids.connectionId }),
        writes: ["whatsapp_connections", "graphile_worker._private_jobs"],
        takes: ["connectionId"],
      },
      {
        name: "create-twilio",
        permission: "integration:manage",
        form: () => twilioConnectionForm(),
        writes: ["twilio_connections", "audit_logs"],
        // An unticked checkbox is not sent: calls are not recorded.
        optional: ["recordCalls"],
      },
      {
        name: "update-twilio",
        permission: "integration:manage",
        form: (ids) => ({
          intent: "update-twilio",
          connectionId: ids.twilioConnectionId,
          name: "Twilio Renomeada",
          numbers: ids.twilioNumber,
          recordCalls: "on",
          authToken: "fedcba9876543210fedcba9876543210",
        }),
        writes: ["twilio_connections", "audit_logs"],
        takes: ["twilioConnectionId"],
        // An absent token keeps the stored one; an absent checkbox turns recording off.
        optional: ["authToken", "recordCalls"],
      },
      {
        name: "rotate-twilio",
        permission: "integration:manage",
        form: (ids) => ({ intent: "rotate-twilio", connectionId: ids.twilioConnectionId, authToken: "0123456789abcdef0123456789abcdef" }),
        writes: ["twilio_connections", "audit_logs"],
        takes: ["twilioConnectionId"],
      },
      {
        name: "disconnect-twilio",
        permission: "integration:manage",
        form: (ids) => ({ intent: "disconnect-twilio", connectionId: ids.twilioConnectionId }),
        writes: ["twilio_connections", "audit_logs"],
        takes: ["twilioConnectionId"],
      },
    ],
  },
  {
    module: "o.$slug.settings.privacy.tsx",
    path: "/o/:slug/settings/privacy",
    kind: "page",
    access: "member",
    get: { permission: "privacy:manage" },
    intents: [
      {
        name: "update-retention",
        permission: "privacy:manage",
        // Shorter than the plan's defaults, which the suite's organizations keep: a success writes the row.
        form: () => ({ intent: "update-retention", communications: "1825", media: "365", ai: "730", inbox: "14", audit: "1095" }),
        writes: ["retention_policies", "audit_logs"],
      },
      // The fresh lead has a phone (an open WhatsApp conversation): a correction covers it and queues no job.
      {
        name: "create-request",
        permission: "privacy:manage",
        form: (ids) => ({ intent: "create-request", kind: "correction", leadId: ids.leadId, requesterContact: "titular@example.test" }),
        writes: ["privacy_requests", "audit_logs", "realtime_events"],
        takes: ["leadId"],
      },
      {
        name: "close-request",
        permission: "privacy:manage",
        form: (ids) => ({ intent: "close-request", requestId: ids.requestId }),
        writes: ["privacy_requests", "audit_logs", "realtime_events"],
        takes: ["requestId"],
      },
      {
        name: "run-retention",
        permission: "privacy:run-retention",
        form: () => ({ intent: "run-retention" }),
        writes: ["graphile_worker._private_jobs"],
      },
      {
        name: "retry-request",
        permission: "privacy:manage",
        form: (ids) => ({ intent: "retry-request", requestId: ids.failedRequestId }),
        writes: ["privacy_requests", "audit_logs", "realtime_events"],
        takes: ["failedRequestId"],
      },
    ],
  },
  // Last on purpose: a success turns the organization's AI off, which the lead page's AI intents above need on.
  {
    module: "o.$slug.settings.ai.tsx",
    path: "/o/:slug/settings/ai",
    kind: "page",
    access: "member",
    get: { permission: "ai:manage" },
    intents: [
      // The suite's organizations have AI on: "off" is the change.
      { name: "set-enabled", permission: "ai:manage", form: () => ({ intent: "set-enabled", enabled: "off" }), writes: ["organizations", "audit_logs"] },
      { name: "set-limit", permission: "ai:manage", form: () => ({ intent: "set-limit", monthlyLimit: "250" }), writes: ["organizations", "audit_logs"] },
    ],
  },
  // After everything else: a success disables the organization for the rest of the file.
  {
    module: "o.$slug.settings.organization.tsx",
    path: "/o/:slug/settings/organization",
    kind: "page",
    access: "member",
    get: { permission: "organization:delete" },
    intents: [
      {
        name: "delete-organization",
        permission: "organization:delete",
        form: (ids) => ({ intent: "delete-organization", confirmSlug: ids.slug }),
        writes: ["organizations", "audit_logs", "realtime_events"],
      },
    ],
  },
];

/** The URL of a route for these ids. */
export function urlOf(route: Pick<Route, "path">, ids: Ids, query = "") {
  const path = route.path.replace(/:(\w+)/g, (_, name: keyof Ids) => encodeURIComponent(String(ids[name])));
  return query ? `${path}?${query}` : path;
}

/** Every (route, intent) that changes something: what CSRF, tenancy, roles and bad bodies attack. */
export const ACTIONS = ROUTES.flatMap((route) => route.intents.map((intent) => ({ route, intent, label: `POST ${route.path} ${intent.name ?? "(form)"}` })));

/** Every URL a GET can reach (layouts are reached through their children). */
export const READS = ROUTES.filter((route) => route.get && !route.layout);
