import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormAlert } from "~/components/auth-card";
import { NewStageForm, StagePalette, StageRow, suggestStageColor } from "~/components/stages/stage-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { parseFormData, readFormData, type FieldErrors } from "~/utils/forms.server";
import { notFound, requireMember } from "~/utils/membership.server";
import { getRequestMeta } from "~/utils/request.server";
import { archiveStage } from "~/modules/stages/archive-stage.server";
import { createStage } from "~/modules/stages/create-stage.server";
import { StageRuleError } from "~/modules/stages/errors";
import { listStages } from "~/modules/stages/list-stages.server";
import { moveStage } from "~/modules/stages/move-stage.server";
import { updateStage } from "~/modules/stages/update-stage.server";

export const meta: MetaFunction = () => [{ title: "Funil · Loved CRM" }];

const stageName = z
  .string()
  .transform((value) => value.trim().replace(/\s+/g, " "))
  .pipe(z.string().min(1, "Informe o nome da etapa.").max(60, "O nome pode ter no máximo 60 caracteres."))
  .refine((value) => !value.includes("\0"), "O nome contém caracteres inválidos.");
const stageColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Escolha uma cor no formato #RRGGBB.")
  .transform((value) => value.toLowerCase());
const stageId = z.uuid({ error: "Etapa inválida." });

const intentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create"), name: stageName, color: stageColor }),
    z.object({ intent: z.literal("update"), stageId, name: stageName, color: stageColor }),
    z.object({ intent: z.literal("move"), stageId, direction: z.enum(["up", "down"], { error: "Direção inválida." }) }),
    z.object({
      intent: z.literal("archive"),
      stageId,
      moveTo: z
        .union([z.literal(""), z.uuid({ error: "Escolha uma etapa ativa." })])
        .optional()
        .transform((value) => value || null),
    }),
  ],
  { error: "Ação desconhecida." },
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug, "pipeline:manage");
  return { organization, stages: await listStages(organization.id) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, params.slug, "pipeline:manage");
  const form = await readFormData(request);
  const target = { intent: String(form.get("intent") ?? ""), stageId: String(form.get("stageId") ?? "") };
  const reply = (status: number, body: { fieldErrors?: FieldErrors; formError?: string | null; notice?: string | null }) =>
    data({ ...target, fieldErrors: {}, formError: null, notice: null, ...body }, { status });

  const parsed = parseFormData(form, intentSchema);
  if (!parsed.success) {
    const known = Object.keys(parsed.fieldErrors).length > 0;
    return reply(400, { fieldErrors: parsed.fieldErrors, formError: known ? null : "Ação desconhecida." });
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
        return reply(200, { notice: `Etapa "${stage.name}" criada.` });
      }
      case "update": {
        const updated = await updateStage(actor, input);
        if (!updated) notFound();
        return reply(200, { notice: updated.fields.length ? "Etapa atualizada." : "Nada mudou." });
      }
      case "move":
        if (!(await moveStage(actor, input))) notFound();
        return reply(200, { notice: "Ordem das etapas atualizada." });
      case "archive": {
        const archived = await archiveStage(actor, input);
        if (!archived) notFound();
        return reply(200, {
          notice: archived.movedTo
            ? `Etapa arquivada. ${archived.movedLeadCount} leads foram para ${archived.movedTo.name}.`
            : "Etapa arquivada.",
        });
      }
    }
  } catch (error) {
    if (!(error instanceof StageRuleError)) throw error;
    return error.field ? reply(400, { fieldErrors: { [error.field]: [error.message] } }) : reply(409, { formError: error.message });
  }
}

export default function PipelineSettingsPage() {
  const { organization, stages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errorsFor = (intent: string, id: string | null) =>
    actionData && actionData.intent === intent && (id === null || actionData.stageId === id) ? actionData.fieldErrors : {};
  return (
    <main className="mx-auto grid w-full max-w-3xl gap-4 p-3 sm:p-4">
      <StagePalette />
      <div>
        <h1 className="text-xl font-semibold">Funil de vendas</h1>
        <p className="text-sm text-muted-foreground">
          As etapas do quadro de {organization.name}, na ordem em que aparecem. As mudanças chegam na hora a quem está com o quadro
          aberto.
        </p>
      </div>
      <FormAlert message={actionData?.formError} />
      {actionData?.notice ? (
        <p role="status" className="rounded-md border border-success/40 bg-success/10 px-3 py-2 text-sm">
          {actionData.notice}
        </p>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Etapas ({stages.length})</CardTitle>
          <CardDescription>Renomeie, troque a cor, mude a ordem ou arquive. Arquivar não apaga leads: eles vão para a etapa que você escolher.</CardDescription>
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
          <CardTitle className="text-base">Nova etapa</CardTitle>
          <CardDescription>Entra no fim do funil; depois você ajusta a posição.</CardDescription>
        </CardHeader>
        <CardContent>
          <NewStageForm key={stages.length} busy={busy} errors={errorsFor("create", null)} suggestedColor={suggestStageColor(stages.map((s) => s.color))} />
        </CardContent>
      </Card>
    </main>
  );
}
