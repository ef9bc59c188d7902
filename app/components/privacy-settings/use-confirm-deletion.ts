import type { FormEvent } from "react";
import { useI18n } from "~/i18n/react";

/** A deletion request cannot be undone once its job runs: the form asks before it posts one. */
export function useConfirmDeletion() {
  const { t } = useI18n();
  return (event: FormEvent<HTMLFormElement>) => {
    if (new FormData(event.currentTarget).get("kind") === "deletion" && !window.confirm(t("privacy.requests.confirmDeletion"))) event.preventDefault();
  };
}
