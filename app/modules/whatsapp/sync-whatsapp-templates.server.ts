import { randomUUID } from "node:crypto";
import { WhatsAppConnection } from "@db/entities/whatsapp-connection";
import { WhatsAppTemplate } from "@db/entities/whatsapp-template";
import { withOrganization } from "~/utils/db.server";
import { countTemplateVariables } from "./count-template-variables";
import { GraphApiError } from "./graph-api-error.server";
import { createGraphClient, type GraphTemplate } from "./graph-client.server";
import { graphTargetOf } from "./graph-target.server";
import { loadWhatsAppConnection } from "./load-whatsapp-connection.server";

type SyncOutcome = { outcome: "synced"; count: number } | { outcome: "gone" } | { outcome: "failed"; reason: string };

// What the settings page shows; Graph errors are already redacted of tokens by the client.
const MAX_REASON = 500;

/**
 * Replaces a connection's templates with what Meta lists now (status,
 * category, components, placeholder count). The Graph call runs outside any
 * transaction. A failure is stored for the page; one worth retrying is thrown
 * again (the worker retries it) unless this is the last attempt, after which
 * the page stops saying "syncing".
 */
export async function syncWhatsAppTemplates(input: { organizationId: string; connectionId: string }, options: { lastAttempt: boolean }): Promise<SyncOutcome> {
  const connection = await withOrganization(input.organizationId, (db) => loadWhatsAppConnection(db, input.organizationId, input.connectionId));
  if (!connection) return { outcome: "gone" };
  let listed: GraphTemplate[];
  try {
    listed = await createGraphClient({ ...graphTargetOf(connection), accessToken: connection.accessToken }).listTemplates(connection.wabaId);
  } catch (error) {
    const retry = (!(error instanceof GraphApiError) || error.transient) && !options.lastAttempt;
    const reason = (error instanceof GraphApiError ? error.message : "unexpected error while reading templates").slice(0, MAX_REASON);
    await withOrganization(input.organizationId, async (db) => {
      const row = await db.findOne(WhatsAppConnection, { id: connection.id });
      if (!row) return;
      row.templatesSyncError = reason;
      if (!retry) row.templatesSyncRequestedAt = null;
    });
    if (retry) throw error;
    return { outcome: "failed", reason };
  }
  return withOrganization(input.organizationId, async (db): Promise<SyncOutcome> => {
    const row = await db.findOne(WhatsAppConnection, { id: connection.id });
    if (!row) return { outcome: "gone" };
    const now = new Date();
    const stored = await db.find(WhatsAppTemplate, { connection: connection.id });
    const byKey = new Map(stored.map((t) => [`${t.name}\u0000${t.language}`, t]));
    const seen = new Set<string>();
    for (const template of listed) {
      const key = `${template.name}\u0000${template.language}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fields = {
        status: template.status,
        category: template.category,
        components: template.components,
        variableCount: countTemplateVariables(template.components),
        syncedAt: now,
      };
      const existing = byKey.get(key);
      if (existing) Object.assign(existing, fields);
      else db.create(WhatsAppTemplate, { id: randomUUID(), organization: input.organizationId, connection: connection.id, name: template.name, language: template.language, ...fields });
    }
    for (const template of stored) if (!seen.has(`${template.name}\u0000${template.language}`)) db.remove(template);
    row.templatesSyncedAt = now;
    row.templatesSyncError = null;
    row.templatesSyncRequestedAt = null;
    return { outcome: "synced", count: seen.size };
  });
}
