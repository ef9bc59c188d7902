import { message } from "~/i18n/catalogue";
import { DomainRefusal } from "~/utils/refusal.server";

/** Active stage names are unique ignoring case and spacing; a stage may keep (or re-case) its own name. */
export function assertUniqueStageName(active: { id: string; name: string }[], name: string, ownId: string | null = null) {
  const key = (value: string) => value.trim().replace(/\s+/g, " ").toLocaleLowerCase("pt-BR");
  if (active.some((stage) => stage.id !== ownId && key(stage.name) === key(name))) {
    throw new DomainRefusal(message("pipeline.rule.nameTaken", { name }), { status: 400, field: "name" });
  }
}
