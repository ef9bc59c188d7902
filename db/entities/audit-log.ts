import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

export interface AuditChanges {
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export const AuditLog = defineEntity({
  name: "AuditLog",
  tableName: "audit_logs",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    actor: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    action: p.string().length(100),
    resourceType: p.string().length(60),
    resourceId: p.uuid().nullable(),
    changes: p.json<AuditChanges>().default("{}").$type<AuditChanges>(),
    ipAddress: p.string().length(64).nullable(),
    userAgent: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ["organization", "createdAt"] }, { properties: ["resourceType", "resourceId"] }],
});
export type AuditLog = InferEntity<typeof AuditLog>;
