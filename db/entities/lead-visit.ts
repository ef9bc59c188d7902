import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Lead } from "./lead";
import { Organization } from "./organization";
import { User } from "./user";
import { tenantIsolation } from "./tenant";

/**
 * When each person last opened each lead: the card marks a summary newer
 * than that visit. One row per person and lead, overwritten on each visit.
 */
export const LeadVisit = defineEntity({
  name: "LeadVisit",
  tableName: "lead_visits",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    lead: p.manyToOne(Lead).mapToPk().deleteRule("cascade"),
    user: p.manyToOne(User).mapToPk().deleteRule("cascade"),
    visitedAt: p.datetime(),
  },
  uniques: [{ name: "lead_visits_person_unique", properties: ["lead", "user"] }],
  // The board reads one person's visits across the organization.
  indexes: [{ properties: ["organization", "user"] }],
});
export type LeadVisit = InferEntity<typeof LeadVisit>;
