import { Form, Link } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import type { PrivacyRequestItem } from "~/modules/privacy/list-privacy-requests.server";
import { PrivacyRequestKindField } from "./privacy-request-kind-field";
import { DeletionPreviewPanel, type DeletionPreview } from "./deletion-preview";

type Errors = Record<string, string[] | undefined>;

/** Reasons the export job writes (`privacy_requests.error`); anything else reads as the generic one. */
const FAILURE_REASONS = ["storage", "internal", "erased"] as const;

function RequestItem({ slug, timeZone, request, busy }: { slug: string; timeZone: string; request: PrivacyRequestItem; busy: boolean }) {
  const { t, dateTime } = useI18n();
  const reason = (FAILURE_REASONS as readonly string[]).includes(request.error ?? "") ? request.error : "internal";
  // Only a correction is closed by hand; a failed access or deletion is retried, never reported answered.
  const closable = request.status !== "done" && request.kind === "correction";
  const retriable = request.status === "failed" && request.kind !== "correction";
  return (
    <li
      data-request-id={request.id}
      data-status={request.status}
      data-overdue={request.overdue ? "true" : undefined}
      className={`grid gap-2 rounded-md border p-3 text-sm ${request.overdue ? "border-destructive bg-destructive/5" : ""}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{t(`privacy.requests.kind.${request.kind}.label`)}</span>
        <Badge variant={request.status === "failed" ? "destructive" : "outline"}>{t(`privacy.requests.status.${request.status}`)}</Badge>
        {request.overdue ? <strong className="text-destructive">{t("privacy.requests.overdue")}</strong> : null}
      </div>
      <p>
        {t("privacy.requests.leads", { count: request.leadCount })}
        {request.leads.length ? ": " : null}
        {request.leads.map((lead, index) => (
          <span key={lead.id}>
            {index ? ", " : null}
            <Link to={`/o/${slug}/leads/${lead.id}`} className="underline">
              {lead.fullName}
            </Link>
          </span>
        ))}
      </p>
      <p className="text-muted-foreground">
        {t("privacy.requests.received", { date: dateTime(request.receivedAt, timeZone) })} ·{" "}
        {t("privacy.requests.due", { date: dateTime(request.dueAt, timeZone) })}
        {request.completedAt ? ` · ${t("privacy.requests.completed", { date: dateTime(request.completedAt, timeZone) })}` : null}
      </p>
      {request.status === "processing" ? (
        <div className="grid gap-1">
          <progress max={100} value={request.progress} className="h-2 w-full" aria-label={t("privacy.requests.progressLabel")} />
          <span>{t("privacy.requests.progress", { progress: request.progress })}</span>
        </div>
      ) : null}
      {request.status === "failed" ? <p className="text-destructive">{t(`privacy.requests.failure.${reason as (typeof FAILURE_REASONS)[number]}`)}</p> : null}
      {request.export ? (
        <p>
          <a href={`/o/${slug}/files/${request.export.fileId}`} className="font-medium underline" download>
            {t("privacy.requests.download")}
          </a>{" "}
          <span className="text-muted-foreground">{t("privacy.requests.expires", { date: dateTime(request.export.expiresAt, timeZone) })}</span>
        </p>
      ) : null}
      {closable || retriable ? (
        <Form method="post">
          <input type="hidden" name="intent" value={closable ? "close-request" : "retry-request"} />
          <input type="hidden" name="requestId" value={request.id} />
          <Button type="submit" size="sm" variant="outline" disabled={busy}>
            {t(closable ? "privacy.requests.close" : "privacy.requests.retry")}
          </Button>
        </Form>
      ) : null}
    </li>
  );
}

/** "Pedidos de titulares": registering a request by phone or e-mail, and every request with where it stands. */
export function PrivacyRequests({
  slug,
  timeZone,
  requests,
  busy,
  errors,
  preview,
}: {
  slug: string;
  timeZone: string;
  requests: PrivacyRequestItem[];
  busy: boolean;
  errors: Errors;
  preview: DeletionPreview | null;
}) {
  const { t } = useI18n();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("privacy.requests.title")}</CardTitle>
        <CardDescription>{t("privacy.requests.description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {preview ? <DeletionPreviewPanel slug={slug} preview={preview} busy={busy} /> : null}
        <Form method="post" className="grid gap-3">
          <input type="hidden" name="intent" value="create-request" />
          <PrivacyRequestKindField busy={busy} error={errors.kind} />
          <Field name="subject" label={t("privacy.requests.field.subject")} description={t("privacy.requests.field.subjectHint")} required maxLength={254} disabled={busy} error={errors.subject} />
          <Field
            name="requesterContact"
            label={t("privacy.requests.field.requesterContact")}
            description={t("privacy.requests.field.requesterContactHint")}
            required
            maxLength={254}
            disabled={busy}
            error={errors.requesterContact}
          />
          <Button type="submit" disabled={busy} className="justify-self-start">
            {t("privacy.requests.submit")}
          </Button>
        </Form>
        {requests.length ? (
          <ul className="grid gap-2" aria-label={t("privacy.requests.listLabel")}>
            {requests.map((request) => (
              <RequestItem key={request.id} slug={slug} timeZone={timeZone} request={request} busy={busy} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">{t("privacy.requests.empty")}</p>
        )}
      </CardContent>
    </Card>
  );
}
