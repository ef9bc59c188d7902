import { useI18n } from "~/i18n/react";
import { whatsappWindowLeft } from "~/lib/timeline";

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

/**
 * How long the lead's 24-hour WhatsApp window stays open ("janela fecha em
 * 3 h"), or that it is closed; nothing when the lead never wrote. Whole hours
 * round down, so the label never promises time that is not there.
 */
export function WhatsAppWindowLabel({ lastInboundAt, now, className }: { lastInboundAt: string | null; now: number; className?: string }) {
  const { t } = useI18n();
  if (!lastInboundAt) return null;
  const left = whatsappWindowLeft(lastInboundAt, now);
  const text =
    left === 0
      ? t("whatsapp.window.closed")
      : left >= HOUR
        ? t("whatsapp.window.hours", { count: Math.floor(left / HOUR) })
        : t("whatsapp.window.minutes", { count: Math.max(1, Math.ceil(left / MINUTE)) });
  return (
    <span className={className} data-window={left === 0 ? "closed" : "open"}>
      {text}
    </span>
  );
}
