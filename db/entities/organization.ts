import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

export interface OrganizationSettings {
  /** Reserved for per-organization preferences edited in settings pages. */
  [key: string]: unknown;
}

/** The tenant itself: a global table, looked up by slug before any tenant context exists. */
export const Organization = defineEntity({
  name: "Organization",
  tableName: "organizations",
  properties: {
    id: p.uuid().primary(),
    name: p.string().length(120),
    slug: p.string().length(60).unique(),
    planTier: p.enum(["starter", "pro", "enterprise"] as const).default("starter"),
    currency: p.string().length(3).default("BRL"),
    timeZone: p.string().length(64).default("America/Sao_Paulo"),
    locale: p.enum(["pt-BR", "en"] as const).default("pt-BR"),
    settings: p.json<OrganizationSettings>().default("{}").$type<OrganizationSettings>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Organization = InferEntity<typeof Organization>;
