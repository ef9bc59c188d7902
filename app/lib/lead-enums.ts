/**
 * The values of a lead's enumerated fields, each written down once: the
 * entity's database enums, zod validation, forms, filters, labels and the demo
 * seed all read these lists. Browser-safe (the forms need them). The order is
 * the order the UI offers them; priorities go from least to most urgent.
 * Roles live with the permission matrix (`~/lib/permissions`).
 */
export const LEAD_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export type LeadPriority = (typeof LEAD_PRIORITIES)[number];

export const LEAD_STATUSES = ["active", "won", "lost", "archived"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/**
 * Sources the lead form offers. Not a database enum: `source` is free text (an
 * import or an integration may bring its own), so the form keeps an unknown
 * stored value selectable.
 */
export const LEAD_SOURCES = ["whatsapp", "instagram", "site", "indicacao", "google_ads", "meta_ads", "evento", "linkedin", "telefone"] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/** How a lead was last contacted (and the channel of each timeline entry). */
export const CONTACT_CHANNELS = ["note", "whatsapp", "phone", "email", "meeting", "sms"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Narrows a stored string to one of `values` (labels fall back to the raw value otherwise). */
export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
