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
  const { t } = useI18n();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = status === 404 ? t("errors.notFound") : status === 403 ? t("errors.forbidden") : t("errors.server");
  return (
    <main className={cn("mx-auto flex max-w-md flex-col items-center justify-center gap-4 p-6 text-center", className)} data-testid="route-error">
      <p className="text-5xl font-bold text-primary">{status}</p>
      <h1 className="text-lg font-semibold">{message}</h1>
      <Link to={back.to} className={buttonVariants({ variant: "outline" })}>
        {back.label}
      </Link>
    </main>
  );
}
