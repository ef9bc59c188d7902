import { randomUUID } from "node:crypto";
import { AuditLog, type AuditChanges } from "@db/entities/audit-log";
import type { Db } from "~/utils/db.server";
import type { RequestMeta } from "~/utils/request.server";

export interface AuditActor {
  organizationId: string;
  userId: string;
  meta: RequestMeta;
}

/**
 * Written in the same transaction as the change it describes, so it exists
 * iff the change committed. A job acting for someone has no request (no
 * address) and may outlive its actor's account (null).
 */
export function recordAudit(
  db: Db,
  actor: Omit<AuditActor, "userId" | "meta"> & { userId: string | null; meta: RequestMeta | null },
  entry: { action: string; resourceType: string; resourceId: string | null; changes: AuditChanges },
) {
  db.create(AuditLog, {
    id: randomUUID(),
    organization: actor.organizationId,
    actor: actor.userId,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    changes: entry.changes,
    ipAddress: actor.meta?.ipAddress ?? null,
    userAgent: actor.meta?.userAgent ?? null,
  });
}
