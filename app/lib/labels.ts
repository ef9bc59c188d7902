import type { Translate } from "~/i18n/translator";
import { isOneOf, LEAD_PRIORITIES, LEAD_STATUSES } from "~/lib/lead-enums";
import type { Role } from "~/lib/permissions";

// Brand names read the same in every language.
const SOURCE_BRANDS: Record<string, string> = {
  whatsapp: "WhatsApp",
  instagram: "Instagram",
  google_ads: "Google Ads",
  meta_ads: "Meta Ads",
  linkedin: "LinkedIn",
};
const CHANNEL_BRANDS: Record<string, string> = { whatsapp: "WhatsApp", sms: "SMS" };

export function roleLabel(t: Translate, role: Role) {
  return t(`roles.${role}`);
}

/** "alta" / "high"; a value outside the list shows as stored. */
export function priorityLabel(t: Translate, priority: string) {
  return isOneOf(LEAD_PRIORITIES, priority) ? t(`priority.${priority}`) : priority;
}

export function statusLabel(t: Translate, status: string) {
  return isOneOf(LEAD_STATUSES, status) ? t(`status.${status}`) : status;
}

export function sourceLabel(t: Translate, source: string) {
  if (source === "site" || source === "indicacao" || source === "evento" || source === "telefone") return t(`source.${source}`);
  return SOURCE_BRANDS[source] ?? source;
}

export function channelLabel(t: Translate, channel: string) {
  if (channel === "note" || channel === "phone" || channel === "email" || channel === "meeting") return t(`channel.${channel}`);
  return CHANNEL_BRANDS[channel] ?? channel;
}
