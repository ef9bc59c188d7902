import { Badge, type BadgeProps } from "~/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { useI18n } from "~/i18n/react";
import { CopyField } from "./copy-field";
import {
  DisconnectConnectionForm,
  EditConnectionForm,
  RotateConnectionForm,
  SyncTemplatesForm,
  type EditableConnection,
} from "./connection-forms";

type Errors = Record<string, string[] | undefined>;

export interface ConnectionView extends EditableConnection {
  wabaId: string;
  demo: boolean;
  templates: { id: string; name: string; language: string; category: string; status: string; variableCount: number }[];
  templatesSyncedAt: string | null;
  templatesSyncing: boolean;
  templatesSyncError: string | null;
}

const STATUS_VARIANT: Record<string, BadgeProps["variant"]> = { APPROVED: "success", PENDING: "warning", REJECTED: "destructive" };

function masked(last4: string | null, unreadable: string) {
  return last4 ? `••••${last4}` : unreadable;
}

/** One connection: where Meta sends its webhooks, its numbers and credentials (last 4 only), templates and changes. */
export function ConnectionCard({
  connection,
  webhookUrl,
  timeZone,
  busy,
  errorsFor,
}: {
  connection: ConnectionView;
  webhookUrl: string;
  timeZone: string;
  busy: boolean;
  errorsFor: (intent: string) => Errors;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const unreadable = t("integrations.secret.unreadableShort");
  return (
    <Card data-connection-id={connection.id}>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2 text-base">
          {connection.name}
          {connection.demo ? <Badge variant="secondary">{t("integrations.demo")}</Badge> : null}
        </CardTitle>
        <CardDescription>{t("integrations.wabaId", { id: connection.wabaId })}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <CopyField label={t("integrations.webhookUrl")} value={webhookUrl} />
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-muted-foreground">{t("integrations.field.numbers")}</dt>
          <dd>
            <ul>
              {connection.phoneNumbers.map((n) => (
                <li key={n.phoneNumberId}>
                  {n.displayPhoneNumber} <span className="font-mono text-xs text-muted-foreground">({n.phoneNumberId})</span>
                </li>
              ))}
            </ul>
          </dd>
          <dt className="text-muted-foreground">{t("integrations.field.verifyToken")}</dt>
          <dd className="font-mono">{masked(connection.secretHints.verifyToken, unreadable)}</dd>
          <dt className="text-muted-foreground">{t("integrations.field.appSecret")}</dt>
          <dd className="font-mono">{masked(connection.secretHints.appSecret, unreadable)}</dd>
          <dt className="text-muted-foreground">{t("integrations.field.accessToken")}</dt>
          <dd className="font-mono">{masked(connection.secretHints.accessToken, unreadable)}</dd>
          <dt className="text-muted-foreground">{t("integrations.field.assignment")}</dt>
          <dd>{t(connection.newLeadAssignment === "round_robin" ? "integrations.assignment.roundRobin" : "integrations.assignment.unassigned")}</dd>
        </dl>

        <section className="grid gap-2" aria-labelledby={`templates-${connection.id}`}>
          <div className="flex flex-wrap items-center gap-2">
            <h3 id={`templates-${connection.id}`} className="font-medium">
              {t("integrations.templates.title", { count: connection.templates.length })}
            </h3>
            <SyncTemplatesForm connectionId={connection.id} busy={busy} syncing={connection.templatesSyncing} />
          </div>
          <p className="text-sm text-muted-foreground">
            {connection.templatesSyncing
              ? t("integrations.templates.syncing")
              : connection.templatesSyncedAt
                ? t("integrations.templates.syncedAt", { when: i18n.dateTime(connection.templatesSyncedAt, timeZone) })
                : t("integrations.templates.never")}
          </p>
          {connection.templatesSyncError ? (
            <p role="alert" className="text-sm text-destructive">
              {t("integrations.templates.failed", { reason: connection.templatesSyncError })}
            </p>
          ) : null}
          {connection.templates.length ? (
            <ul className="divide-y text-sm">
              {connection.templates.map((template) => (
                <li key={template.id} className="flex flex-wrap items-center gap-2 py-1.5">
                  <span className="font-mono">{template.name}</span>
                  <span className="text-muted-foreground">{template.language}</span>
                  <span className="text-muted-foreground">{template.category}</span>
                  <Badge variant={STATUS_VARIANT[template.status] ?? "outline"}>{template.status}</Badge>
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <details className="rounded-md border p-3" open={Object.keys(errorsFor("update-connection")).length > 0}>
          <summary className="cursor-pointer text-sm font-medium">{t("integrations.edit.title")}</summary>
          <div className="mt-3">
            <EditConnectionForm connection={connection} busy={busy} errors={errorsFor("update-connection")} />
          </div>
        </details>
        <details className="rounded-md border p-3" open={Boolean(errorsFor("rotate-connection").appSecret)}>
          <summary className="cursor-pointer text-sm font-medium">{t("integrations.rotate.title")}</summary>
          <div className="mt-3">
            <RotateConnectionForm connection={connection} busy={busy} errors={errorsFor("rotate-connection")} />
          </div>
        </details>
        <div>
          <DisconnectConnectionForm connection={connection} busy={busy} />
        </div>
      </CardContent>
    </Card>
  );
}
