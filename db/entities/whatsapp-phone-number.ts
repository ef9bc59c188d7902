import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { WhatsAppConnection } from "./whatsapp-connection";
import { tenantIsolation } from "./tenant";

/** A number of a connection: the webhook routes a payload by its `phone_number_id` among these. */
export const WhatsAppPhoneNumber = defineEntity({
  name: "WhatsAppPhoneNumber",
  tableName: "whatsapp_phone_numbers",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    connection: p.manyToOne(WhatsAppConnection).mapToPk().deleteRule("cascade"),
    phoneNumberId: p.string().length(32),
    displayPhoneNumber: p.string().length(32),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ["connection", "phoneNumberId"] }],
});
export type WhatsAppPhoneNumber = InferEntity<typeof WhatsAppPhoneNumber>;
