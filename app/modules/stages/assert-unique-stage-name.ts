import { message } from "~/i18n/catalogue";
import { StageRuleError } from "./errors";

/** Active stage names are unique ignoring case and spacing; a stage may keep (or re-case) its own name. */
export function assertUniqueStageName(active: { id: string; name: string }[], name: string, ownId: string | null = null) {
  const key = (value: string) => value.trim().replace(/\s+/g, " ").toLocaleLowerCase("pt-BR");
  if (active.some((stage) => stage.id !== ownId && key(stage.name) === key(name))) {
    throw new StageRuleError(message("pipeline.rule.nameTaken", { name }), "name");
  }
}
