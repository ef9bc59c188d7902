export const PRIORITY_LABELS: Record<string, string> = { low: "baixa", medium: "média", high: "alta", urgent: "urgente" };

export const SOURCE_LABELS: Record<string, string> = {
  whatsapp: "WhatsApp",
  instagram: "Instagram",
  site: "Site",
  indicacao: "Indicação",
  google_ads: "Google Ads",
  meta_ads: "Meta Ads",
  evento: "Evento",
  linkedin: "LinkedIn",
};

export const CHANNEL_LABELS: Record<string, string> = {
  note: "Nota",
  whatsapp: "WhatsApp",
  phone: "Ligação",
  email: "E-mail",
  meeting: "Reunião",
  sms: "SMS",
};

export const STATUS_LABELS: Record<string, string> = { active: "Ativo", won: "Ganho", lost: "Perdido", archived: "Arquivado" };
