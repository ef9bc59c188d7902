import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { DEFAULT_AI_MONTHLY_LIMIT } from "../../app/lib/ai";
import { currentOrganizationId, currentUserId, schemaOwnerPolicy } from "./tenant";

export interface OrganizationSettings {
  /** Reserved for per-organization preferences edited in settings pages. */
  [key: string]: unknown;
}

/**
 * The tenant itself. The app role sees the current organization and the ones
 * the signed-in user belongs to; slug availability and the maintenance walk go
 * through `taken_organization_slugs` and `list_organization_ids`.
 */
export const Organization = defineEntity({
  name: "Organization",
  tableName: "organizations",
  rowLevelSecurity: "force",
  policies: [
    { name: "current_organization", using: `id = ${currentOrganizationId}`, check: `id = ${currentOrganizationId}` },
    {
      name: "organization_of_current_user",
      command: "select",
      using: `exists (select 1 from organization_members m where m.organization_id = organizations.id and m.user_id = ${currentUserId})`,
    },
    schemaOwnerPolicy("organizations"),
  ],
  checks: [
    { name: "organizations_ai_monthly_limit_check", expression: "ai_monthly_limit >= 0 and ai_monthly_limit <= 100000" },
    { name: "organizations_deletion_check", expression: "(deleted_at is null) = (purge_after is null)" },
  ],
  properties: {
    id: p.uuid().primary(),
    name: p.string().length(120),
    slug: p.string().length(60).unique(),
    planTier: p.enum(["starter", "pro", "enterprise"] as const).default("starter"),
    currency: p.string().length(3).default("BRL"),
    timeZone: p.string().length(64).default("America/Sao_Paulo"),
    locale: p.enum(["pt-BR", "en"] as const).default("pt-BR"),
    /** AI summaries on or off: off computes nothing and sends nothing, local analysis included. */
    aiEnabled: p.boolean().default(false),
    /** Provider summaries per calendar month (local analyses do not count). */
    aiMonthlyLimit: p.integer().default(DEFAULT_AI_MONTHLY_LIMIT),
    settings: p.json<OrganizationSettings>().default("{}").$type<OrganizationSettings>(),
    /** Set when an owner deletes the organization: from then on it is disabled (no member access, webhooks answer 410). */
    deletedAt: p.datetime().nullable(),
    /** Who deleted it (a user id; no foreign key, so the organization never depends on the users table). */
    deletedBy: p.uuid().nullable(),
    /** When a deleted organization and all its objects are purged; until then an owner can restore it. */
    purgeAfter: p.datetime().nullable(),
    /** Set by the purge before it deletes anything: from then on a restore is refused, and a crashed purge is resumed. */
    purgingAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Organization = InferEntity<typeof Organization>;
