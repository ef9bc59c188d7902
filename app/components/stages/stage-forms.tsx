import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { Label } from "~/components/ui/label";
import { NativeSelect } from "~/components/ui/select";
import { useI18n } from "~/i18n/react";

type Errors = Record<string, string[] | undefined>;

export interface StageListItem {
  id: string;
  name: string;
  color: string;
  leadCount: number;
}

const PALETTE = ["#ef4444", "#f97316", "#eab308", "#22c55e", "#14b8a6", "#0ea5e9", "#6366f1", "#a855f7", "#ec4899", "#64748b"];
const PALETTE_ID = "stage-palette";

/** The suggested colours every colour input offers (render once per page). */
export function StagePalette() {
  return (
    <datalist id={PALETTE_ID}>
      {PALETTE.map((color) => (
        <option key={color} value={color} />
      ))}
    </datalist>
  );
}

/** The first palette colour no stage uses yet, so a new column stands out. */
export function suggestStageColor(used: string[]) {
  return PALETTE.find((color) => !used.includes(color)) ?? PALETTE[used.length % PALETTE.length];
}


function ArrowIcon({ up }: { up: boolean }) {
  return (
    <svg aria-hidden viewBox="0 0 20 20" className="fill-none stroke-current" strokeWidth="1.8">
      <path d={up ? "M10 15V5m0 0-4 4m4-4 4 4" : "M10 5v10m0 0-4-4m4 4 4-4"} />
    </svg>
  );
}

function MoveButton({ stage, direction, disabled }: { stage: StageListItem; direction: "up" | "down"; disabled: boolean }) {
  const { t } = useI18n();
  const label = direction === "up" ? t("pipeline.moveUp", { stage: stage.name }) : t("pipeline.moveDown", { stage: stage.name });
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="stageId" value={stage.id} />
      <input type="hidden" name="direction" value={direction} />
      <Button type="submit" variant="outline" size="icon" aria-label={label} title={label} disabled={disabled}>
        <ArrowIcon up={direction === "up"} />
      </Button>
    </Form>
  );
}

/** One active stage: reorder, rename/recolour and archive (asking where its leads go). */
export function StageRow({
  stage,
  index,
  stages,
  busy,
  updateErrors,
  archiveErrors,
}: {
  stage: StageListItem;
  index: number;
  stages: StageListItem[];
  busy: boolean;
  updateErrors: Errors;
  archiveErrors: Errors;
}) {
  const { t } = useI18n();
  const others = stages.filter((s) => s.id !== stage.id);
  const archiveFailed = Object.keys(archiveErrors).length > 0;
  return (
    <li data-stage-id={stage.id} aria-label={stage.name} className="grid gap-3 py-4 first:pt-0 last:pb-0">
      <div className="flex items-center gap-2">
        <span aria-hidden className="h-4 w-4 shrink-0 rounded-full border" style={{ backgroundColor: stage.color }} />
        <h3 className="min-w-0 flex-1 truncate font-medium">
          <span className="text-muted-foreground">{index + 1}.</span> {stage.name}
        </h3>
        <span className="shrink-0 text-xs text-muted-foreground">{t("board.leadCount", { count: stage.leadCount })}</span>
        <MoveButton stage={stage} direction="up" disabled={busy || index === 0} />
        <MoveButton stage={stage} direction="down" disabled={busy || index === stages.length - 1} />
      </div>

      <Form method="post" className="grid grid-cols-[1fr_auto] items-start gap-2 sm:grid-cols-[1fr_auto_auto]" noValidate>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="stageId" value={stage.id} />
        <Field
          label={t("pipeline.name")}
          name="name"
          id={`stage-name-${stage.id}`}
          defaultValue={stage.name}
          maxLength={60}
          required
          aria-label={t("pipeline.nameOf", { stage: stage.name })}
          error={updateErrors.name ?? updateErrors.stageId}
        />
        <Field
          label={t("pipeline.color")}
          name="color"
          type="color"
          id={`stage-color-${stage.id}`}
          list={PALETTE_ID}
          defaultValue={stage.color}
          aria-label={t("pipeline.colorOf", { stage: stage.name })}
          className="w-16 cursor-pointer p-1"
          error={updateErrors.color}
        />
        <Button type="submit" variant="outline" disabled={busy} className="col-span-2 sm:col-span-1 sm:mt-[1.625rem]">
          {t("common.save")}
        </Button>
      </Form>

      <details open={archiveFailed} className="group">
        <summary className="cursor-pointer text-sm text-muted-foreground hover:text-foreground">{t("pipeline.archive")}</summary>
        <Form
          method="post"
          className="mt-2 grid gap-2"
          noValidate
          onSubmit={(event) => {
            const question = stage.leadCount
              ? t("pipeline.archiveConfirmLeads", { stage: stage.name, count: stage.leadCount })
              : t("pipeline.archiveConfirm", { stage: stage.name });
            if (!window.confirm(question)) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="archive" />
          <input type="hidden" name="stageId" value={stage.id} />
          {others.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t("pipeline.onlyStage")}</p>
          ) : stage.leadCount > 0 ? (
            <div className="grid gap-1.5">
              <Label htmlFor={`move-to-${stage.id}`}>
                {t("pipeline.moveLeadsTo", { count: stage.leadCount })}
              </Label>
              <NativeSelect
                id={`move-to-${stage.id}`}
                name="moveTo"
                defaultValue=""
                aria-invalid={archiveErrors.moveTo ? true : undefined}
                aria-describedby={archiveErrors.moveTo ? `move-to-${stage.id}-error` : undefined}
              >
                <option value="" disabled>
                  {t("pipeline.chooseStage")}
                </option>
                {others.map((other) => (
                  <option key={other.id} value={other.id}>
                    {other.name}
                  </option>
                ))}
              </NativeSelect>
              {archiveErrors.moveTo ? (
                <p id={`move-to-${stage.id}-error`} role="alert" className="text-sm font-medium text-destructive">
                  {archiveErrors.moveTo.join(" ")}
                </p>
              ) : null}
              <p className="text-xs text-muted-foreground">{t("pipeline.appendHint")}</p>
            </div>
          ) : (
            <p className="text-sm text-muted-foreground">{t("pipeline.noLeads")}</p>
          )}
          <div>
            <Button type="submit" variant="destructive" disabled={busy || others.length === 0}>
              {t("pipeline.archiveStage", { stage: stage.name })}
            </Button>
          </div>
        </Form>
      </details>
    </li>
  );
}

/** Adds a stage at the end of the pipeline. */
export function NewStageForm({ busy, errors, suggestedColor }: { busy: boolean; errors: Errors; suggestedColor: string }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="grid grid-cols-[1fr_auto] items-start gap-2 sm:grid-cols-[1fr_auto_auto]" noValidate>
      <input type="hidden" name="intent" value="create" />
      <Field label={t("pipeline.name")} name="name" id="new-stage-name" maxLength={60} required error={errors.name} placeholder={t("pipeline.namePlaceholder")} />
      <Field
        label={t("pipeline.color")}
        name="color"
        type="color"
        id="new-stage-color"
        list={PALETTE_ID}
        defaultValue={suggestedColor}
        className="w-16 cursor-pointer p-1"
        error={errors.color}
      />
      <Button type="submit" disabled={busy} className="col-span-2 sm:col-span-1 sm:mt-[1.625rem]">
        {t("pipeline.add")}
      </Button>
    </Form>
  );
}
