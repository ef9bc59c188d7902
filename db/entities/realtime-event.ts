import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { tenantIsolation } from "./tenant";

/**
 * The organization's change feed: what SSE clients replay after a reconnect
 * (`Last-Event-ID`). `eventId` increases per organization without gaps and in
 * commit order (allocated under the row lock of `realtime_sequences`).
 */
export const RealtimeEvent = defineEntity({
  name: "RealtimeEvent",
  tableName: "realtime_events",
  ...tenantIsolation(),
  properties: {
    organization: p.manyToOne(Organization).mapToPk().primary().deleteRule("cascade"),
    eventId: p.bigint("number").primary(),
    type: p.string().length(40),
    data: p.json<Record<string, unknown>>().$type<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()).index(),
  },
});
export type RealtimeEvent = InferEntity<typeof RealtimeEvent>;
