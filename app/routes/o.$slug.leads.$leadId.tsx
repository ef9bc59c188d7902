import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActivityHistory } from "~/components/lead/activity-history";
import { AiPanel } from "~/components/lead/ai-panel";
import { LeadDetails } from "~/components/lead/lead-details";
import { LeadForm, type LeadFormState } from "~/components/lead/lead-form";
import { LeadTimeline } from "~/components/lead/lead-timeline";
import { LeadPrivacyRequest } from "~/components/privacy-settings/lead-privacy-request";
import { useLeadLive } from "~/components/lead/use-lead-live";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "~/components/ui/card";
import { parseFormData, readFormData } from "~/utils/forms.server";
import { priorityLabel, statusLabel } from "~/lib/labels";
import { notFound, requireMember, requirePermission } from "~/utils/membership.server";
import { can } from "~/lib/permissions";
import { getRequestMeta } from "~/utils/request.server";
import { deleteLead } from "~/modules/leads/delete-lead.server";
import { getLead } from "~/modules/leads/get-lead.server";
import { LEAD_FIELDS } from "~/modules/leads/lead-fields.server";
import { leadIdSchema } from "~/modules/leads/lead-id.server";
import { leadIntentSchema, leadUpdateSchema } from "~/modules/leads/lead-intents.server";
import { updateLead } from "~/modules/leads/update-lead.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { describeRefusal } from "~/utils/refusal.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import type { Translator } from "~/i18n/translator";
import { addNote } from "~/modules/timeline/add-note.server";
import { deleteNote } from "~/modules/timeline/delete-note.server";
import { editNote } from "~/modules/timeline/edit-note.server";
import type { TimelineActor } from "~/modules/timeline/timeline-actor";
import { addNoteSchema, deleteNoteSchema, editNoteSchema } from "~/modules/timeline/timeline-intents.server";
import { markLeadRead } from "~/modules/leads/mark-lead-read.server";
import { getWhatsAppComposer } from "~/modules/whatsapp/get-whatsapp-composer.server";
import { parseTemplateForm, sendTextSchema } from "~/modules/whatsapp/send-intents.server";
import { sendWhatsAppTemplate } from "~/modules/whatsapp/send-whatsapp-template.server";
import { sendWhatsAppText } from "~/modules/whatsapp/send-whatsapp-text.server";
import { WhatsAppComposer } from "~/components/lead/whatsapp-composer";
import { useMarkRead } from "~/components/lead/use-mark-read";
import { CallButton } from "~/components/lead/call-button";
import { callOutcomeSchema } from "~/modules/calls/call-intents.server";
import { getCallOptions } from "~/modules/calls/get-call-options.server";
import { recordCallOutcome } from "~/modules/calls/record-call-outcome.server";
import { startCall } from "~/modules/calls/start-call.server";
import { acceptSuggestionSchema } from "~/modules/ai/ai-intents.server";
import { acceptSummarySuggestion } from "~/modules/ai/accept-summary-suggestion.server";
import { getLeadAiPanel } from "~/modules/ai/get-lead-ai-panel.server";
import { markLeadVisited } from "~/modules/ai/mark-lead-visited.server";
import { requestLeadSummary } from "~/modules/ai/request-lead-summary.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, { text: data ? data.lead.fullName : "Lead" });

function leadIdOf(params: LoaderFunctionArgs["params"]) {
  const leadId = leadIdSchema.safeParse(params.leadId);
  if (!leadId.success) notFound();
  return leadId.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization, role, user } = await requireMember(request, params.slug, "lead:view");
  const leadId = leadIdOf(params);
  const [found, whatsapp, calls, ai] = await Promise.all([
    getLead(organization.id, leadId),
    getWhatsAppComposer(organization.id, leadId),
    getCallOptions(organization.id, user.id, leadId),
    getLeadAiPanel(organization.id, leadId),
  ]);
  if (!found || !ai) notFound();
  await markLeadVisited(organization.id, leadId, user.id);
  return {
    whatsapp,
    calls,
    ai,
    organization,
    meId: user.id,
    can: {
      edit: can(role, "lead:edit"),
      assign: can(role, "lead:assign"),
      archive: can(role, "lead:archive"),
      delete: can(role, "lead:delete"),
      note: can(role, "note:create"),
      send: can(role, "message:send"),
      connect: can(role, "integration:manage"),
      call: can(role, "call:place"),
      summarize: can(role, "ai:summarize"),
      move: can(role, "lead:move"),
      manageAi: can(role, "ai:manage"),
      privacy: can(role, "privacy:manage"),
    },
    ...found,
  };
}

function reply(status: number, body: Partial<LeadFormState> & { ok?: boolean }) {
  return data(
    { ok: false, message: null, fieldErrors: {}, submitted: null, stale: null, ...body } satisfies LeadFormState & { ok: boolean },
    { status },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "lead:edit");
  const leadId = leadIdOf(params);
  const i18n = await getRequestI18n(request, context);
  const { t } = i18n;
  // A template's variables are repeated `variable` fields, in order.
  const form = await readFormData(request, i18n, ["variable"]);
  const intent = leadIntentSchema.safeParse(form.get("intent"));
  if (!intent.success) return reply(400, { message: t("errors.unknownAction") });

  const actor = { organizationId: member.organization.id, userId: member.user.id, userName: member.user.fullName };
  if (intent.data === "add-note" || intent.data === "edit-note" || intent.data === "delete-note") {
    requirePermission(member, "note:create");
    try {
      const done = await changeTimeline(intent.data, form, actor, leadId, i18n);
      if (done === null) notFound();
      if ("fieldErrors" in done) return reply(400, { message: t("errors.fixFields"), fieldErrors: done.fieldErrors });
      return reply(200, { ok: true, message: null });
    } catch (error) {
      const refused = describeRefusal(error, i18n);
      if (!refused) throw error;
      return reply(refused.status, { message: refused.formError ?? t("errors.fixFields"), fieldErrors: refused.fieldErrors });
    }
  }

  if (intent.data === "send-whatsapp" || intent.data === "send-template" || intent.data === "mark-read") {
    requirePermission(member, "message:send");
    try {
      const done = await converse(intent.data, form, actor, leadId, i18n);
      if (done === null) notFound();
      if ("fieldErrors" in done) return reply(400, { message: t("errors.fixFields"), fieldErrors: done.fieldErrors });
      return reply(200, { ok: true, message: intent.data === "mark-read" ? null : t("whatsapp.send.queued") });
    } catch (error) {
      const refused = describeRefusal(error, i18n);
      if (!refused) throw error;
      return reply(refused.status, { message: refused.formError ?? t("errors.fixFields"), fieldErrors: refused.fieldErrors });
    }
  }

  if (intent.data === "call" || intent.data === "call-outcome") {
    requirePermission(member, "call:place");
    try {
      const done = await phone(intent.data, form, actor, leadId, i18n);
      if (done === null) notFound();
      if ("fieldErrors" in done) return reply(400, { message: t("errors.fixFields"), fieldErrors: done.fieldErrors });
      return reply(200, { ok: true, message: intent.data === "call" ? t("call.start.queued") : null });
    } catch (error) {
      const refused = describeRefusal(error, i18n);
      if (!refused) throw error;
      return reply(refused.status, { message: refused.formError ?? t("errors.fixFields"), fieldErrors: refused.fieldErrors });
    }
  }

  if (intent.data === "summarize" || intent.data === "accept-suggestion") {
    requirePermission(member, "ai:summarize");
    try {
      const done = await summaryIntent(intent.data, form, member, leadId, i18n);
      if (done === null) notFound();
      if ("fieldErrors" in done) return reply(400, { message: t("errors.fixFields"), fieldErrors: done.fieldErrors });
      if (done.status === "stale") return reply(409, { message: t("ai.accept.stale") });
      const said = { queued: "ai.summarize.queued", "up-to-date": "ai.summarize.upToDate", accepted: "ai.accept.done" } as const;
      return reply(200, { ok: true, message: t(said[done.status]) });
    } catch (error) {
      const refused = describeRefusal(error, i18n);
      if (!refused) throw error;
      return data(
        { ok: false, message: refused.formError ?? t("errors.fixFields"), fieldErrors: refused.fieldErrors, submitted: null, stale: null },
        { status: refused.status, headers: refused.headers },
      );
    }
  }

  if (intent.data === "delete") {
    requirePermission(member, "lead:delete");
    const deleted = await deleteLead(
      { organizationId: member.organization.id, userId: member.user.id, userName: member.user.fullName, meta: getRequestMeta(request, context) },
      { leadId },
    );
    if (!deleted) notFound();
    throw redirect(`/o/${member.organization.slug}/board`);
  }

  const submitted = Object.fromEntries(
    LEAD_FIELDS.flatMap((field) => {
      const value = form.get(field);
      return typeof value === "string" ? [[field, value]] : [];
    }),
  );
  const parsed = parseFormData(form, leadUpdateSchema, i18n);
  if (!parsed.success) {
    return reply(400, { message: t("errors.fixFields"), fieldErrors: parsed.fieldErrors, submitted });
  }
  const { version, ...fields } = parsed.data;
  let result: Awaited<ReturnType<typeof updateLead>>;
  try {
    result = await updateLead(
      {
        organizationId: member.organization.id,
        user: member.user,
        canAssign: can(member.role, "lead:assign"),
        canArchive: can(member.role, "lead:archive"),
      },
      { leadId, version, fields },
    );
  } catch (error) {
    const refused = describeRefusal(error, i18n);
    if (!refused) throw error;
    return reply(refused.status, { message: refused.formError ?? t("errors.fixFields"), fieldErrors: refused.fieldErrors, submitted });
  }
  if (!result) notFound();
  switch (result.status) {
    case "stale": {
      const who = result.changedBy ? (result.changedBy.id === member.user.id ? t("lead.staleYou") : result.changedBy.fullName) : t("lead.staleSomeone");
      const when = i18n.dateTime(result.changedAt, member.organization.timeZone);
      return reply(409, {
        message: t("lead.stale", { who, when }),
        submitted,
        stale: { current: result.current, differing: result.differing },
      });
    }
    case "unchanged":
      return reply(200, { ok: true, message: t("lead.unchanged") });
    case "updated":
      return reply(200, { ok: true, message: t("lead.saved") });
  }
}

/** A note written, changed or deleted; null when the lead or note is not in the organization. */
async function changeTimeline(intent: "add-note" | "edit-note" | "delete-note", form: FormData, actor: TimelineActor, leadId: string, i18n: Translator) {
  switch (intent) {
    case "add-note": {
      const parsed = parseFormData(form, addNoteSchema, i18n);
      return parsed.success ? addNote(actor, { leadId, ...parsed.data }) : parsed;
    }
    case "edit-note": {
      const parsed = parseFormData(form, editNoteSchema, i18n);
      return parsed.success ? editNote(actor, { leadId, ...parsed.data }) : parsed;
    }
    case "delete-note": {
      const parsed = parseFormData(form, deleteNoteSchema, i18n);
      return parsed.success ? deleteNote(actor, { leadId, ...parsed.data }) : parsed;
    }
  }
}

/** A WhatsApp message queued, or the lead's unread messages read; null when the lead is not in the organization. */
async function converse(intent: "send-whatsapp" | "send-template" | "mark-read", form: FormData, actor: TimelineActor, leadId: string, i18n: Translator) {
  switch (intent) {
    case "send-whatsapp": {
      const parsed = parseFormData(form, sendTextSchema, i18n);
      return parsed.success ? sendWhatsAppText(actor, { leadId, text: parsed.data.text }) : parsed;
    }
    case "send-template": {
      const parsed = parseTemplateForm(form, i18n);
      return parsed.success ? sendWhatsAppTemplate(actor, { leadId, ...parsed.data }) : parsed;
    }
    case "mark-read":
      return markLeadRead(actor, { leadId });
  }
}

/** A click-to-call placed, or an ended call's outcome recorded; null when the lead or call is not in the organization. */
async function phone(intent: "call" | "call-outcome", form: FormData, actor: TimelineActor, leadId: string, i18n: Translator) {
  switch (intent) {
    case "call":
      return startCall(actor, { leadId });
    case "call-outcome": {
      const parsed = parseFormData(form, callOutcomeSchema, i18n);
      return parsed.success ? recordCallOutcome(actor, { leadId, ...parsed.data }) : parsed;
    }
  }
}

/** A summary asked for now, or one of its suggestions taken onto the lead; null when the lead or summary is not in the organization. */
async function summaryIntent(intent: "summarize" | "accept-suggestion", form: FormData, member: Awaited<ReturnType<typeof requireMember>>, leadId: string, i18n: Translator) {
  const organizationId = member.organization.id;
  if (intent === "summarize") {
    const requested = await requestLeadSummary({ organizationId, userId: member.user.id }, leadId);
    return requested && { status: requested.queued ? ("queued" as const) : ("up-to-date" as const) };
  }
  const parsed = parseFormData(form, acceptSuggestionSchema, i18n);
  if (!parsed.success) return parsed;
  // Taking a suggestion edits or moves the lead: the same permissions as doing it by hand.
  requirePermission(member, parsed.data.field === "stage" ? "lead:move" : "lead:edit");
  return acceptSummarySuggestion(
    { organizationId, user: member.user, canAssign: can(member.role, "lead:assign"), canArchive: can(member.role, "lead:archive") },
    { leadId, ...parsed.data },
  );
}

export default function LeadPage() {
  const { organization, meId, can: allowed, lead, stage, members, timeline, history, lastEventId, whatsapp, calls, ai } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const busy = navigation.state === "submitting";
  const selfPath = `/o/${organization.slug}/leads/${lead.id}`;
  useLeadLive({ slug: organization.slug, leadId: lead.id, meId, lastEventId });
  useMarkRead({ unread: lead.unreadCount, mine: allowed.send && (lead.assignee === null || lead.assignee === meId) });
  return (
    <main className="mx-auto grid w-full max-w-6xl gap-4 p-3 sm:p-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="lg:col-span-2">
        <Link to={`/o/${organization.slug}/board`} className="text-sm text-muted-foreground hover:text-foreground">
          {t("lead.back")}
        </Link>
        <h1 className="mt-1 break-words text-xl font-semibold">{lead.fullName}</h1>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
          <span className="inline-flex items-center gap-1.5">
            <span aria-hidden className="h-2.5 w-2.5 rounded-full" style={{ backgroundColor: stage.color }} />
            {stage.name}
          </span>
          <Badge variant="outline">{statusLabel(t, lead.status)}</Badge>
          <Badge variant="secondary">{t("lead.priority", { priority: priorityLabel(t, lead.priority) })}</Badge>
        </div>
      </div>
      <div className="grid content-start gap-4">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">{t("lead.details")}</CardTitle>
          </CardHeader>
          <CardContent>
            {allowed.edit ? (
              <LeadForm
                key={lead.version}
                lead={lead}
                members={members}
                canAssign={allowed.assign}
                canArchive={allowed.archive}
                currency={organization.currency}
                state={actionData}
                busy={busy}
                selfPath={selfPath}
              />
            ) : (
              <LeadDetails lead={lead} assigneeName={lead.assigneeName} currency={organization.currency} />
            )}
          </CardContent>
        </Card>
        {allowed.delete ? (
          <Form
            method="post"
            className="flex justify-end"
            onSubmit={(event) => {
              if (!window.confirm(t("lead.deleteConfirm", { name: lead.fullName }))) {
                event.preventDefault();
              }
            }}
          >
            <input type="hidden" name="intent" value="delete" />
            <Button type="submit" variant="ghost" className="text-destructive" disabled={busy}>
              {t("lead.delete")}
            </Button>
          </Form>
        ) : null}
        {allowed.privacy ? <LeadPrivacyRequest slug={organization.slug} leadId={lead.id} /> : null}
      </div>
      <div className="grid content-start gap-6">
        <AiPanel slug={organization.slug} ai={ai} lead={lead} allowed={allowed} timeZone={organization.timeZone} />
        <LeadTimeline
          slug={organization.slug}
          leadId={lead.id}
          meId={meId}
          first={timeline}
          timeZone={organization.timeZone}
          canWriteNotes={allowed.note}
          canRecordOutcome={allowed.call}
        >
          {allowed.call ? <CallButton slug={organization.slug} leadId={lead.id} options={calls} canConnect={allowed.connect} /> : null}
          <WhatsAppComposer
            composer={whatsapp}
            slug={organization.slug}
            hasPhone={!!lead.phone}
            lastInboundAt={lead.lastInboundAt}
            canSend={allowed.send}
            canConnect={allowed.connect}
          />
        </LeadTimeline>
        <ActivityHistory entries={history} timeZone={organization.timeZone} currency={organization.currency} />
      </div>
    </main>
  );
}
