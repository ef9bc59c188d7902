import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { WhatsAppWindowLabel } from "~/components/whatsapp/window-label";
import { useI18n } from "~/i18n/react";
import { WHATSAPP_TEXT_MAX_LENGTH, whatsappWindowLeft } from "~/lib/timeline";
import { TimelineComposer } from "./timeline-composer";
import { WhatsAppTemplateForm, type ComposerTemplate } from "./whatsapp-template-form";

interface WhatsAppComposerProps {
  /** The number messages go out from and the approved templates; null without a connection. */
  composer: { from: string; templates: ComposerTemplate[] } | null;
  slug: string;
  hasPhone: boolean;
  lastInboundAt: string | null;
  canSend: boolean;
  canConnect: boolean;
}

/** Re-renders every minute: the window's label counts down and the composer switches to templates when it closes. */
function useMinuteClock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const interval = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(interval);
  }, []);
  return now;
}

/**
 * Writing to the lead on WhatsApp: free text while the 24-hour window is
 * open, an approved template once it has closed. Hidden without a connection
 * (admins get a link to connect one); read-only for viewers.
 */
export function WhatsAppComposer({ composer, slug, hasPhone, lastInboundAt, canSend, canConnect }: WhatsAppComposerProps) {
  const { t } = useI18n();
  const now = useMinuteClock();
  if (!composer) {
    return canConnect ? (
      <p className="text-sm">
        <Link to={`/o/${slug}/settings/integrations`} className="text-primary underline-offset-4 hover:underline">
          {t("whatsapp.composer.connect")}
        </Link>
      </p>
    ) : null;
  }
  const open = whatsappWindowLeft(lastInboundAt, now) > 0;
  return (
    <div className="grid gap-2 rounded-lg border border-emerald-200 p-3 dark:border-emerald-900" data-testid="whatsapp-composer">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">
          {t("whatsapp.composer.title")} <span className="font-normal text-muted-foreground">{composer.from}</span>
        </span>
        <WhatsAppWindowLabel lastInboundAt={lastInboundAt} now={now} className="text-xs text-muted-foreground" />
      </div>
      {!canSend ? (
        <p className="text-xs text-muted-foreground">{t("whatsapp.composer.viewer")}</p>
      ) : !hasPhone ? (
        <p className="text-xs text-muted-foreground">{t("whatsapp.composer.noPhone")}</p>
      ) : open ? (
        <TextForm />
      ) : (
        <>
          {lastInboundAt ? null : <p className="text-xs text-muted-foreground">{t("whatsapp.window.closed")}</p>}
          <p className="text-xs text-muted-foreground">{t("whatsapp.window.closedHelp")}</p>
          <WhatsAppTemplateForm templates={composer.templates} />
        </>
      )}
    </div>
  );
}

function TextForm() {
  const { t } = useI18n();
  return (
    <TimelineComposer
      intent="send-whatsapp"
      field="text"
      id="whatsapp-text"
      label={t("whatsapp.composer.label")}
      labelHidden
      placeholder={t("whatsapp.composer.placeholder")}
      maxLength={WHATSAPP_TEXT_MAX_LENGTH}
      submit={t("whatsapp.composer.send")}
      submitting={t("whatsapp.composer.sending")}
    />
  );
}
