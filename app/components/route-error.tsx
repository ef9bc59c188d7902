import { isRouteErrorResponse, Link } from "@remix-run/react";
import { buttonVariants } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";
import { cn } from "~/lib/cn";

/**
 * What a reader sees when a route fails: the status and one sentence in their
 * language. Never the error's own text or stack, which may name files and SQL
 * (the server log has them).
 */
export function RouteError({ error, className, back }: { error: unknown; className?: string; back: { to: string; label: string } }) {
  const i18n = useI18n();
  const { t } = i18n;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404 ? t("errors.notFound") : status === 403 ? t("errors.forbidden") : status === 410 ? t("organization.delete.gone") : t("errors.server");
  // A deleted organization's owners are told until when they can bring it back, and where.
  const gone = isRouteErrorResponse(error) && status === 410 ? (error.data as { restorableUntil?: string; timeZone?: string } | null) : null;
  const restorableUntil = gone?.restorableUntil;
  return (
    <main className={cn("mx-auto flex max-w-md flex-col items-center justify-center gap-4 p-6 text-center", className)} data-testid="route-error">
      <p className="text-5xl font-bold text-primary">{status}</p>
      <h1 className="text-lg font-semibold">{message}</h1>
      {restorableUntil ? <p className="text-sm">{t("organization.delete.goneOwner", { date: i18n.dateTime(restorableUntil, gone?.timeZone ?? "America/Sao_Paulo") })}</p> : null}
      <Link to={restorableUntil ? "/account" : back.to} className={buttonVariants({ variant: "outline" })}>
        {restorableUntil ? t("organization.delete.goneRestoreLink") : back.label}
      </Link>
    </main>
  );
}
