import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/** One row per failed sign-in; counted per account and per IP for rate limiting. */
export const LoginFailure = defineEntity({
  name: "LoginFailure",
  tableName: "login_failures",
  properties: {
    id: p.uuid().primary(),
    email: p.string().length(254),
    ipAddress: p.string().length(64),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ["email", "createdAt"] }, { properties: ["ipAddress", "createdAt"] }],
});
export type LoginFailure = InferEntity<typeof LoginFailure>;
