import { z } from "zod";
import { twilioConnectionIntentSchema } from "~/modules/twilio/twilio-connection-intents.server";
import { integrationsIntentSchema as whatsAppIntentSchema } from "~/modules/whatsapp/connection-intents.server";

/** Everything the integrations page posts: WhatsApp's intents and Twilio's, told apart by `intent`. */
export const integrationIntentSchema = z.discriminatedUnion("intent", [whatsAppIntentSchema, twilioConnectionIntentSchema], {
  error: "errors.unknownAction",
});
