import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormAlert, FormNotice } from "~/components/auth-card";
import { NewStageForm, StagePalette, StageRow, suggestStageColor } from "~/components/stages/stage-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { parseFormData, readFormData, type FieldErrors } from "~/utils/forms.server";
import { notFound, requireMember } from "~/utils/membership.server";
import { getRequestMeta } from "~/utils/request.server";
import { archiveStage } from "~/modules/stages/archive-stage.server";
import { createStage } from "~/modules/stages/create-stage.server";
import { describeRefusal } from "~/utils/refusal.server";
import { listStages } from "~/modules/stages/list-stages.server";
import { moveStage } from "~/modules/stages/move-stage.server";
import { pipelineIntentSchema } from "~/modules/stages/pipeline-intents.server";
import { updateStage } from "~/modules/stages/update-stage.server";
import { getRequestI18n } from "~/utils/request-locale.server";
import { pageTitle } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pipeline.pageTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug, "pipeline:manage");
  return { organization, stages: await listStages(organization.id) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "pipeline:manage");
  const i18n = await getRequestI18n(request, context);
  const { t } = i18n;
  const form = await readFormData(request, i18n);
  const target = { intent: String(form.get("intent") ?? ""), stageId: String(form.get("stageId") ?? "") };
  const reply = (status: number, body: { fieldErrors?: FieldErrors; formError?: string | null; notice?: string | null }) =>
    data({ ...target, fieldErrors: {}, formError: null, notice: null, ...body }, { status });

  const parsed = parseFormData(form, pipelineIntentSchema, i18n);
  if (!parsed.success) {
    const known = Object.keys(parsed.fieldErrors).length > 0;
    return reply(400, { fieldErrors: parsed.fieldErrors, formError: known ? null : t("errors.unknownAction") });
  }
  const input = parsed.data;
  const actor = {
    organizationId: member.organization.id,
    userId: member.user.id,
    userName: member.user.fullName,
    meta: getRequestMeta(request, context),
  };
  try {
    switch (input.intent) {
      case "create": {
        const stage = await createStage(actor, { name: input.name, color: input.color });
        return reply(200, { notice: t("pipeline.notice.created", { stage: stage.name }) });
      }
      case "update": {
        const updated = await updateStage(actor, input);
        if (!updated) notFound();
        return reply(200, { notice: updated.fields.length ? t("pipeline.notice.updated") : t("pipeline.notice.unchanged") });
      }
      case "move":
        if (!(await moveStage(actor, input))) notFound();
        return reply(200, { notice: t("pipeline.notice.moved") });
      case "archive": {
        const archived = await archiveStage(actor, input);
        if (!archived) notFound();
        return reply(200, {
          notice: archived.movedTo
            ? t("pipeline.notice.archivedMoved", { count: archived.movedLeadCount, stage: archived.movedTo.name })
            : t("pipeline.notice.archived"),
        });
      }
    }
  } catch (error) {
    const refused = describeRefusal(error, i18n);
    if (!refused) throw error;
    return reply(refused.status, { fieldErrors: refused.fieldErrors, formError: refused.formError });
  }
}

export default function PipelineSettingsPage() {
  const { organization, stages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const busy = navigation.state !== "idle";
  const errorsFor = (intent: string, id: string | null) =>
    actionData && actionData.intent === intent && (id === null || actionData.stageId === id) ? actionData.fieldErrors : {};
  return (
    <main className="mx-auto grid w-full max-w-3xl gap-4 p-3 sm:p-4">
      <StagePalette />
      <div>
        <h1 className="text-xl font-semibold">{t("pipeline.title")}</h1>
        <p className="text-sm text-muted-foreground">{t("pipeline.description", { organization: organization.name })}</p>
      </div>
      <FormAlert message={actionData?.formError} />
      <FormNotice message={actionData?.notice} />
      <Card>
        <CardHeader>
          <CardTitle className="text-base">{t("pipeline.stages", { count: stages.length })}</CardTitle>
          <CardDescription>{t("pipeline.stagesHint")}</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="divide-y">
            {stages.map((stage, index) => (
              <StageRow
                key={`${stage.id}-${stage.name}-${stage.color}`}
                stage={stage}
                index={index}
                stages={stages}
                busy={busy}
                updateErrors={errorsFor("update", stage.id)}
                archiveErrors={errorsFor("archive", stage.id)}
              />
            ))}
          </ol>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">{t("pipeline.new")}</CardTitle>
          <CardDescription>{t("pipeline.newHint")}</CardDescription>
        </CardHeader>
        <CardContent>
          <NewStageForm key={stages.length} busy={busy} errors={errorsFor("create", null)} suggestedColor={suggestStageColor(stages.map((s) => s.color))} />
        </CardContent>
      </Card>
    </main>
  );
}
