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
 * Whom an entry names: a person acting through a request, or a job acting for
 * the person who asked for it (no address, and the account may be gone since).
 */
export interface AuditEntryActor {
  organizationId: string;
  userId: string | null;
  meta: { ipAddress: string | null; userAgent: string | null };
}

/** Written in the same transaction as the change it describes, so it exists iff the change committed. */
export function recordAudit(
  db: Db,
  actor: AuditEntryActor,
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
    ipAddress: actor.meta.ipAddress,
    userAgent: actor.meta.userAgent,
  });
}
