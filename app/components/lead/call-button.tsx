import { Link, useFetcher } from "@remix-run/react";
import { useId } from "react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";

interface CallReply {
  ok: boolean;
  message: string | null;
}

interface CallButtonProps {
  slug: string;
  leadId: string;
  /** From the loader (app/modules/calls/get-call-options.server.ts). */
  options: {
    available: boolean;
    reason: "no-connection" | "no-agent-phone" | "no-lead-phone" | null;
  };
  /** Admins may connect Twilio: they get a link to the integrations page. */
  canConnect: boolean;
}

export function PhoneIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className={className} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
      <path d="M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72c.13.96.36 1.9.7 2.81a2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45c.91.34 1.85.57 2.81.7A2 2 0 0 1 22 16.92Z" />
    </svg>
  );
}

/** Why "Ligar" is off, with the way to fix it where there is one. */
function CallUnavailable({ id, slug, reason, canConnect }: { id: string; slug: string; reason: CallButtonProps["options"]["reason"]; canConnect: boolean }) {
  const { t } = useI18n();
  const link = "text-primary underline-offset-4 hover:underline";
  switch (reason) {
    case "no-connection":
      return (
        <p id={id} className="text-xs text-muted-foreground">
          {canConnect ? (
            <Link to={`/o/${slug}/settings/integrations`} className={link}>
              {t("call.action.noConnection")}
            </Link>
          ) : (
            t("call.action.noConnectionMember")
          )}
        </p>
      );
    case "no-agent-phone":
      return (
        <p id={id} className="text-xs text-muted-foreground">
          <Link to="/account" className={link}>
            {t("call.action.noAgentPhone")}
          </Link>
        </p>
      );
    case "no-lead-phone":
      return (
        <p id={id} className="text-xs text-muted-foreground">
          {t("call.action.noLeadPhone")}
        </p>
      );
    default:
      return null;
  }
}

/**
 * Click-to-call from the lead page: Twilio rings the rep's own phone, then
 * dials the lead; the call shows on the timeline at once and follows live.
 * Off (with the reason and where to fix it) without a Twilio number, the rep's
 * saved phone or the lead's; whatever the server still refuses (another call
 * going on) shows under it.
 */
export function CallButton({ slug, leadId, options, canConnect }: CallButtonProps) {
  const { t } = useI18n();
  const fetcher = useFetcher<CallReply>();
  const reasonId = useId();
  const busy = fetcher.state !== "idle";
  const reply = fetcher.state === "idle" ? fetcher.data : undefined;
  return (
    <fetcher.Form method="post" action={`/o/${slug}/leads/${leadId}`} className="grid gap-1" data-testid="call-button">
      <input type="hidden" name="intent" value="call" />
      <div>
        <Button type="submit" variant="outline" size="sm" disabled={!options.available || busy} aria-describedby={options.available ? undefined : reasonId}>
          <PhoneIcon />
          {t("call.action.call")}
        </Button>
      </div>
      {options.available ? null : <CallUnavailable id={reasonId} slug={slug} reason={options.reason} canConnect={canConnect} />}
      <p role="status" className={reply && !reply.ok ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
        {busy ? t("call.action.calling") : reply?.message ?? ""}
      </p>
    </fetcher.Form>
  );
}
