import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { tenantIsolation } from "./tenant";

export const WEBHOOK_PROVIDERS = ["whatsapp", "twilio", "stripe"] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

/**
 * pending: waiting for the worker; processed: done; ignored: signed but not
 * something the app acts on (kept with the reason); rejected: refused by a
 * rule (a number outside the connection); failed: gave up after retries.
 */
export const INBOX_STATUSES = ["pending", "processed", "ignored", "rejected", "failed"] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/**
 * Every provider delivery item the app accepted, written with the job that
 * processes it in one transaction and answered 200 at once. The dedup key
 * (the provider's event id) is unique per organization and provider, so a
 * redelivery finds its row and queues nothing.
 */
export const WebhookInbox = defineEntity({
  name: "WebhookInbox",
  tableName: "webhook_inbox",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    provider: p.enum(WEBHOOK_PROVIDERS),
    /** The provider connection it came through (no foreign key: each provider keeps its own connections table). */
    connectionId: p.uuid().nullable(),
    dedupKey: p.string().length(300),
    payload: p.json<Record<string, unknown>>().$type<Record<string, unknown>>(),
    receivedAt: p.datetime(),
    status: p.enum(INBOX_STATUSES).default("pending"),
    reason: p.text().nullable(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    processedAt: p.datetime().nullable(),
  },
  uniques: [{ name: "webhook_inbox_dedup_unique", properties: ["organization", "provider", "dedupKey"] }],
  indexes: [{ properties: ["organization", "receivedAt"] }],
});
export type WebhookInbox = InferEntity<typeof WebhookInbox>;
