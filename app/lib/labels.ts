import type { Translate } from "~/i18n/translator";
import type { Role } from "~/lib/permissions";

/** Lead sources the product knows, in the order the form offers them; brand names read the same in every language. */
export const LEAD_SOURCES = ["whatsapp", "instagram", "site", "indicacao", "google_ads", "meta_ads", "evento", "linkedin"] as const;
const SOURCE_BRANDS: Record<string, string> = {
  whatsapp: "WhatsApp",
  instagram: "Instagram",
  google_ads: "Google Ads",
  meta_ads: "Meta Ads",
  linkedin: "LinkedIn",
};
const CHANNEL_BRANDS: Record<string, string> = { whatsapp: "WhatsApp", sms: "SMS" };

export const PRIORITY_VALUES = ["low", "medium", "high", "urgent"] as const;
export const STATUS_VALUES = ["active", "won", "lost", "archived"] as const;

export function roleLabel(t: Translate, role: Role) {
  return t(`roles.${role}`);
}

/** "alta" / "high"; a value outside the list shows as stored. */
export function priorityLabel(t: Translate, priority: string) {
  return (PRIORITY_VALUES as readonly string[]).includes(priority) ? t(`priority.${priority as (typeof PRIORITY_VALUES)[number]}`) : priority;
}

export function statusLabel(t: Translate, status: string) {
  return (STATUS_VALUES as readonly string[]).includes(status) ? t(`status.${status as (typeof STATUS_VALUES)[number]}`) : status;
}

export function sourceLabel(t: Translate, source: string) {
  if (source === "site" || source === "indicacao" || source === "evento") return t(`source.${source}`);
  return SOURCE_BRANDS[source] ?? source;
}

export function channelLabel(t: Translate, channel: string) {
  if (channel === "note" || channel === "phone" || channel === "email" || channel === "meeting") return t(`channel.${channel}`);
  return CHANNEL_BRANDS[channel] ?? channel;
}
