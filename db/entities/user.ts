import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/** Global: a person may belong to several organizations through memberships. */
export const User = defineEntity({
  name: "User",
  tableName: "users",
  properties: {
    id: p.uuid().primary(),
    email: p.string().length(254).unique(),
    passwordHash: p.string().length(255).hidden(),
    fullName: p.string().length(120),
    phone: p.string().length(20).nullable(),
    /** The interface language the user chose (the header's language switch); null: follow the browser. */
    locale: p.enum(["pt-BR", "en"] as const).nullable(),
    timeZone: p.string().length(64).default("America/Sao_Paulo"),
    isActive: p.boolean().default(true),
    emailVerified: p.boolean().default(false),
    lastLoginAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type User = InferEntity<typeof User>;
