import { useId, type ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import { FormAlert, FormNotice } from "~/components/auth-card";
import { Button } from "~/components/ui/button";
import { inputClassName } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { NativeSelect } from "~/components/ui/select";
import { fieldLabel, type LeadFieldName } from "~/modules/leads/field-labels";
import { useI18n } from "~/i18n/react";
import type { Translator } from "~/i18n/translator";
import type { LeadSnapshot } from "~/modules/leads/snapshot-lead";
import { cn } from "~/lib/cn";
import { formatPhone } from "~/lib/phone";
import { priorityLabel, sourceLabel, statusLabel } from "~/lib/labels";
import { LEAD_PRIORITIES, LEAD_SOURCES, LEAD_STATUSES } from "~/lib/lead-enums";
import { formatLeadValue } from "./format-lead-value";

export interface LeadFormState {
  message: string | null;
  fieldErrors: Record<string, string[] | undefined>;
  /** What the user typed, to put back in the form after a refusal. */
  submitted: Partial<Record<LeadFieldName, string>> | null;
  /** Someone saved first: the lead as it is now and where it differs from what the user sent. */
  stale: { current: LeadSnapshot; differing: LeadFieldName[] } | null;
}

interface Props {
  lead: LeadSnapshot & { assigneeName: string | null };
  members: { id: string; fullName: string }[];
  canAssign: boolean;
  canArchive: boolean;
  currency: string;
  state: (LeadFormState & { ok: boolean }) | undefined;
  busy: boolean;
  /** The lead's own URL: "discard my changes" reloads it. */
  selfPath: string;
}

function capitalize(text: string, locale: string) {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** The lead as the inputs hold it: strings, money the reader's way (the server reads both), tags comma-separated. */
function formValues(lead: LeadSnapshot, i18n: Translator): Record<LeadFieldName, string> {
  return {
    fullName: lead.fullName,
    email: lead.email ?? "",
    phone: lead.phone ? formatPhone(lead.phone) : "",
    company: lead.company ?? "",
    jobTitle: lead.jobTitle ?? "",
    estimatedValue: lead.estimatedValue === null ? "" : i18n.decimal(Number(lead.estimatedValue)),
    source: lead.source ?? "",
    priority: lead.priority,
    status: lead.status,
    tags: lead.tags.join(", "),
    assignee: lead.assignee ?? "",
    notes: lead.notes ?? "",
  };
}

interface ControlProps {
  id: string;
  name: LeadFieldName;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/** Label, control, hint, error and — after a conflicting save — the value the lead holds now. */
function LeadField({
  name,
  error,
  hint,
  current,
  required,
  className,
  children,
}: {
  name: LeadFieldName;
  error?: string[];
  hint?: ReactNode;
  current?: string | null;
  required?: boolean;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = `lead-${name}-${useId().replace(/:/g, "")}`;
  const { t } = useI18n();
  const described = [hint ? `${id}-hint` : null, current != null ? `${id}-current` : null, error?.length ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={cn("grid content-start gap-1.5", className)}>
      <Label htmlFor={id}>
        {fieldLabel(t, name)}
        {required ? (
          <span className="ml-0.5 text-destructive" aria-hidden="true">
            *
          </span>
        ) : null}
      </Label>
      {children({ id, name, "aria-invalid": error?.length ? true : undefined, "aria-describedby": described || undefined })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {current != null ? (
        <p id={`${id}-current`} className="rounded bg-warning/15 px-2 py-1 text-xs">
          {t("lead.currentValue")} <strong>{current}</strong>
        </p>
      ) : null}
      {error?.length ? (
        <p id={`${id}-error`} role="alert" className="text-sm font-medium text-destructive">
          {error.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** Every editable field of a lead, posted as `intent=update` with the version it was loaded with. */
export function LeadForm({ lead, members, canAssign, canArchive, currency, state, busy, selfPath }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const defaults = { ...formValues(lead, i18n), ...state?.submitted };
  const errors = state?.fieldErrors ?? {};
  const stale = state?.stale ?? null;
  const version = stale ? stale.current.version : lead.version;
  const currentOf = (field: LeadFieldName) => {
    if (!stale?.differing.includes(field)) return null;
    const value = field === "assignee" ? assignees.find((m) => m.id === stale.current.assignee)?.fullName : stale.current[field];
    return formatLeadValue(i18n, field, value, currency);
  };
  // Someone who left the organization may still be the assignee: keep them selectable so a save does not drop them.
  const assignees =
    lead.assignee && !members.some((m) => m.id === lead.assignee)
      ? [...members, { id: lead.assignee, fullName: t("lead.outsideOrganization", { name: lead.assigneeName ?? t("lead.removedPerson") }) }]
      : members;
  const sources: string[] = [...LEAD_SOURCES];
  if (defaults.source && !sources.includes(defaults.source)) sources.push(defaults.source);

  return (
    <Form method="post" noValidate className="grid gap-4" aria-label={t("lead.details")}>
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="version" value={version} />
      {stale ? (
        <div role="alert" className="grid gap-2 rounded-md border border-warning/60 bg-warning/10 px-3 py-2 text-sm">
          <p>{state?.message}</p>
          <p>
            <Link to={selfPath} reloadDocument className="font-medium underline underline-offset-2">
              {t("lead.discard")}
            </Link>
          </p>
        </div>
      ) : (
        <FormAlert message={state && !state.ok ? state.message : null} />
      )}
      <FormNotice message={state?.ok && state.message ? state.message : null} />

      <div className="grid gap-4 sm:grid-cols-2">
        <LeadField name="fullName" required error={errors.fullName} current={currentOf("fullName")} className="sm:col-span-2">
          {(props) => <input {...props} className={inputClassName} defaultValue={defaults.fullName} autoComplete="off" maxLength={160} />}
        </LeadField>
        <LeadField name="phone" error={errors.phone} current={currentOf("phone")} hint={t("lead.phoneHint")}>
          {(props) => <input {...props} type="tel" inputMode="tel" className={inputClassName} defaultValue={defaults.phone} autoComplete="off" />}
        </LeadField>
        <LeadField name="email" error={errors.email} current={currentOf("email")}>
          {(props) => <input {...props} type="email" inputMode="email" className={inputClassName} defaultValue={defaults.email} autoComplete="off" />}
        </LeadField>
        <LeadField name="company" error={errors.company} current={currentOf("company")}>
          {(props) => <input {...props} className={inputClassName} defaultValue={defaults.company} maxLength={160} />}
        </LeadField>
        <LeadField name="jobTitle" error={errors.jobTitle} current={currentOf("jobTitle")}>
          {(props) => <input {...props} className={inputClassName} defaultValue={defaults.jobTitle} maxLength={120} />}
        </LeadField>
        <LeadField name="estimatedValue" error={errors.estimatedValue} current={currentOf("estimatedValue")} hint={t("lead.valueHint", { currency: i18n.currencySymbol(currency), example: i18n.decimal(4500) })}>
          {(props) => <input {...props} inputMode="decimal" className={inputClassName} defaultValue={defaults.estimatedValue} />}
        </LeadField>
        <LeadField name="source" error={errors.source} current={currentOf("source")}>
          {(props) => (
            <NativeSelect {...props} defaultValue={defaults.source}>
              <option value="">{t("lead.noSource")}</option>
              {sources.map((source) => (
                <option key={source} value={source}>
                  {sourceLabel(t, source)}
                </option>
              ))}
            </NativeSelect>
          )}
        </LeadField>
        <LeadField name="priority" error={errors.priority} current={currentOf("priority")}>
          {(props) => (
            <NativeSelect {...props} defaultValue={defaults.priority}>
              {LEAD_PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {capitalize(priorityLabel(t, value), i18n.locale)}
                </option>
              ))}
            </NativeSelect>
          )}
        </LeadField>
        <LeadField name="status" error={errors.status} current={currentOf("status")}>
          {(props) => (
            // Without the archive permission an archived lead's status stays as it is (a disabled select posts nothing).
            <NativeSelect {...props} defaultValue={defaults.status} disabled={!canArchive && lead.status === "archived"}>
              {LEAD_STATUSES.filter((value) => canArchive || value !== "archived" || lead.status === "archived").map((value) => (
                <option key={value} value={value}>
                  {statusLabel(t, value)}
                </option>
              ))}
            </NativeSelect>
          )}
        </LeadField>
        {canAssign ? (
          <LeadField name="assignee" error={errors.assignee} current={currentOf("assignee")}>
            {(props) => (
              <NativeSelect {...props} defaultValue={defaults.assignee}>
                <option value="">{t("lead.noAssignee")}</option>
                {assignees.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.fullName}
                  </option>
                ))}
              </NativeSelect>
            )}
          </LeadField>
        ) : (
          <div className="grid content-start gap-1.5">
            <span className="text-sm font-medium">{fieldLabel(t, "assignee")}</span>
            <p className="flex h-10 items-center text-sm">{lead.assigneeName ?? t("lead.noAssignee")}</p>
            <p className="text-xs text-muted-foreground">{t("lead.onlyManagersAssign")}</p>
          </div>
        )}
        <LeadField
          name="tags"
          error={errors.tags}
          current={currentOf("tags")}
          hint={t("lead.tagsHint")}
          className="sm:col-span-2"
        >
          {(props) => <input {...props} className={inputClassName} defaultValue={defaults.tags} autoComplete="off" />}
        </LeadField>
        <LeadField name="notes" error={errors.notes} current={currentOf("notes")} className="sm:col-span-2">
          {(props) => <textarea {...props} rows={4} className={cn(inputClassName, "h-auto min-h-24")} defaultValue={defaults.notes} maxLength={5000} />}
        </LeadField>
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={busy} className="w-full sm:w-auto">
          {busy ? t("common.saving") : t("lead.submit")}
        </Button>
      </div>
    </Form>
  );
}
