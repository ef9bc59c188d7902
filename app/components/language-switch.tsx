import { useId } from "react";
import { Form, useLocation } from "@remix-run/react";
import { LOCALE_NAMES, LOCALES } from "~/i18n/locales";
import { useI18n } from "~/i18n/react";
import { cn } from "~/lib/cn";
import { DropdownMenuGroup, DropdownMenuItem, DropdownMenuLabel } from "~/components/ui/dropdown-menu";

/** One submit button per language, posting to /locale: works before (and without) JavaScript. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { locale, t } = useI18n();
  const location = useLocation();
  return (
    <Form method="post" action="/locale" reloadDocument className={cn("flex items-center gap-1 text-sm", className)} aria-label={t("language.label")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LOCALES.map((option) => (
        <button
          key={option}
          type="submit"
          name="locale"
          value={option}
          lang={option}
          aria-pressed={option === locale}
          aria-label={option === locale ? LOCALE_NAMES[option] : t("language.switchTo", { language: LOCALE_NAMES[option] })}
          className={cn(
            "rounded-md px-2 py-1 transition-colors",
            option === locale ? "font-semibold text-foreground" : "text-muted-foreground underline-offset-4 hover:text-foreground hover:underline",
          )}
        >
          {LOCALE_NAMES[option]}
        </button>
      ))}
    </Form>
  );
}

/** The same switch as items of the header's account menu; the menu item is the form's submit button. */
export function LanguageSwitchItems({ returnTo }: { returnTo?: string }) {
  const { locale, t } = useI18n();
  const here = useHere(returnTo);
  const labelId = useId();
  return (
    // Unnamed, the form has no role, so the items stay the menu's own (a named form is a landmark between them).
    <Form method="post" action="/locale" reloadDocument>
      <input type="hidden" name="redirectTo" value={here} />
      <DropdownMenuLabel id={labelId} className="text-xs font-normal text-muted-foreground">
        {t("language.label")}
      </DropdownMenuLabel>
      <DropdownMenuGroup aria-labelledby={labelId}>
        {LOCALES.map((option) => (
          <DropdownMenuItem key={option} asChild>
            <button type="submit" name="locale" value={option} lang={option} aria-current={option === locale ? "true" : undefined} className="w-full">
              <span className="flex-1 text-left">{LOCALE_NAMES[option]}</span>
              {option === locale ? <span aria-hidden>✓</span> : null}
            </button>
          </DropdownMenuItem>
        ))}
      </DropdownMenuGroup>
    </Form>
  );
}

/** Where a language switch comes back to: this page, unless the caller names another. */
function useHere(returnTo: string | undefined) {
  const location = useLocation();
  return returnTo ?? location.pathname + location.search;
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The account menu needs JavaScript to open; without it the header shows the
 * switch as a plain form. Written as HTML: React does not hydrate `<noscript>`
 * children, and rendered as elements they broke the board's mouse drags after
 * hydration (tests/e2e/board-live.test.ts caught it).
 */
export function NoScriptLanguageSwitch({ returnTo }: { returnTo?: string }) {
  const { locale, t } = useI18n();
  const here = useHere(returnTo);
  const buttons = LOCALES.filter((option) => option !== locale)
    .map(
      (option) =>
        `<button type="submit" name="locale" value="${option}" lang="${option}" aria-label="${escapeHtml(t("language.switchTo", { language: LOCALE_NAMES[option] }))}" class="rounded-md px-2 py-1 text-xs text-muted-foreground underline underline-offset-4">${escapeHtml(LOCALE_NAMES[option])}</button>`,
    )
    .join("");
  const html = `<form method="post" action="/locale"><input type="hidden" name="redirectTo" value="${escapeHtml(here)}">${buttons}</form>`;
  return <noscript dangerouslySetInnerHTML={{ __html: html }} />;
}
