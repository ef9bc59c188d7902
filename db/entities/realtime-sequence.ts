import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { tenantIsolation } from "./tenant";

/** Last event id per organization; incrementing it locks the row until commit, so ids commit in order. */
export const RealtimeSequence = defineEntity({
  name: "RealtimeSequence",
  tableName: "realtime_sequences",
  ...tenantIsolation(),
  properties: {
    organization: p.manyToOne(Organization).mapToPk().primary().deleteRule("cascade"),
    lastEventId: p.bigint("number").default(0),
  },
});
export type RealtimeSequence = InferEntity<typeof RealtimeSequence>;
