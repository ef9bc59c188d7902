import { useEffect, useRef, useState } from "react";
import { Form, useSearchParams, useSubmit } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "~/components/ui/dialog";
import { Input } from "~/components/ui/input";
import { NativeSelect } from "~/components/ui/select";
import { Icon } from "~/components/board/icons";
import { activeFilterCount, boardPath, filterParams, type BoardPerson } from "~/lib/board-client";
import { cn } from "~/lib/cn";
import { useI18n } from "~/i18n/react";
import { priorityLabel, sourceLabel } from "~/lib/labels";
import { LEAD_PRIORITIES } from "~/lib/lead-enums";

interface Props {
  slug: string;
  currency: string;
  members: BoardPerson[];
  facets: { sources: string[]; tags: string[] };
}

const TYPING_DEBOUNCE_MS = 350;

function formParams(form: HTMLFormElement) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (typeof value === "string") params.append(key, value);
  return params;
}

function useApplyFilters(slug: string) {
  const submit = useSubmit();
  return (params: URLSearchParams) => {
    // Only filled fields go to the URL, so a shared link stays short and readable.
    submit(filterParams(params), { method: "get", action: boardPath(slug), replace: true, preventScrollReset: true });
  };
}

function FilterSelects({
  members,
  facets,
  currency,
  stacked,
  rangeClassName,
}: Pick<Props, "members" | "facets" | "currency"> & { stacked?: boolean; rangeClassName?: string }) {
  const [searchParams] = useSearchParams();
  const i18n = useI18n();
  const { t } = i18n;
  const symbol = i18n.currencySymbol(currency);
  const label = cn("text-xs font-medium text-muted-foreground", !stacked && "sr-only");
  const select = cn("h-9 text-sm", stacked && "h-10");
  const box = cn("grid gap-1", stacked ? "w-full" : "w-36");
  return (
    <>
      <label className={box}>
        <span className={label}>{t("filters.assignee")}</span>
        <NativeSelect name="assignee" defaultValue={searchParams.get("assignee") ?? ""} className={select} key={`a-${searchParams.get("assignee")}`}>
          <option value="">{t("filters.assignee")}</option>
          <option value="mine">{t("filters.mine")}</option>
          <option value="none">{t("filters.unassigned")}</option>
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.fullName}
            </option>
          ))}
        </NativeSelect>
      </label>
      <label className={box}>
        <span className={label}>{t("filters.source")}</span>
        <NativeSelect name="source" defaultValue={searchParams.get("source") ?? ""} className={select} key={`s-${searchParams.get("source")}`}>
          <option value="">{t("filters.source")}</option>
          {facets.sources.map((source) => (
            <option key={source} value={source}>
              {sourceLabel(t, source)}
            </option>
          ))}
        </NativeSelect>
      </label>
      <label className={box}>
        <span className={label}>{t("filters.tag")}</span>
        <NativeSelect name="tag" defaultValue={searchParams.get("tag") ?? ""} className={select} key={`t-${searchParams.get("tag")}`}>
          <option value="">{t("filters.tag")}</option>
          {facets.tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </NativeSelect>
      </label>
      <label className={cn(box, !stacked && "w-32")}>
        <span className={label}>{t("filters.priority")}</span>
        <NativeSelect name="priority" defaultValue={searchParams.get("priority") ?? ""} className={select} key={`p-${searchParams.get("priority")}`}>
          <option value="">{t("filters.priority")}</option>
          {[...LEAD_PRIORITIES].reverse().map((value) => {
            const text = priorityLabel(t, value);
            return (
              <option key={value} value={value}>
                {text.charAt(0).toLocaleUpperCase(i18n.locale) + text.slice(1)}
              </option>
            );
          })}
        </NativeSelect>
      </label>
      <fieldset className={cn("flex items-end gap-1.5", stacked && "w-full", rangeClassName)}>
        <legend className={cn(label, "mb-1")}>{t("filters.value", { currency: symbol })}</legend>
        <Input
          name="min"
          inputMode="decimal"
          placeholder={`${symbol} ${t("filters.min")}`}
          aria-label={t("filters.minLabel")}
          defaultValue={searchParams.get("min") ?? ""}
          key={`min-${searchParams.get("min")}`}
          className={cn("h-9 w-24 text-sm", stacked && "h-10 flex-1")}
        />
        <span aria-hidden className="pb-2 text-muted-foreground">–</span>
        <Input
          name="max"
          inputMode="decimal"
          placeholder={`${symbol} ${t("filters.max")}`}
          aria-label={t("filters.maxLabel")}
          defaultValue={searchParams.get("max") ?? ""}
          key={`max-${searchParams.get("max")}`}
          className={cn("h-9 w-24 text-sm", stacked && "h-10 flex-1")}
        />
      </fieldset>
    </>
  );
}

function SearchField({ className }: { className?: string }) {
  const [searchParams] = useSearchParams();
  const urlValue = searchParams.get("q") ?? "";
  const [value, setValue] = useState(urlValue);
  useEffect(() => setValue(urlValue), [urlValue]);
  const { t } = useI18n();
  return (
    <label className={cn("relative block", className)}>
      <span className="sr-only">{t("filters.search")}</span>
      <Icon name="search" className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
      <Input
        type="search"
        name="q"
        value={value}
        placeholder={t("filters.search")}
        autoComplete="off"
        className="h-9 pl-8 text-sm"
        onChange={(event) => setValue(event.target.value)}
      />
    </label>
  );
}

/**
 * The filters live in the URL query, so a filtered board is a link to share;
 * the loader applies them (counts and sums included). Works as a plain GET
 * form before the page is interactive.
 */
export function BoardFilters({ slug, currency, members, facets }: Props) {
  const [searchParams] = useSearchParams();
  const { t } = useI18n();
  const applyFilters = useApplyFilters(slug);
  const [sheetOpen, setSheetOpen] = useState(false);
  const typing = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(typing.current), []);
  const count = activeFilterCount(searchParams);
  const clear = count > 0 ? (
    <Button asChild variant="ghost" size="sm" className="text-muted-foreground">
      <a
        href={boardPath(slug)}
        onClick={(event) => {
          event.preventDefault();
          setSheetOpen(false);
          applyFilters(new URLSearchParams());
        }}
      >
        <Icon name="close" />
        {t("filters.clear")}
      </a>
    </Button>
  ) : null;

  return (
    <div className="flex min-w-0 flex-1 items-center gap-2">
      <Form
        method="get"
        action={boardPath(slug)}
        role="search"
        aria-label={t("filters.label")}
        className="flex min-w-0 flex-1 flex-wrap items-center gap-2"
        onChange={(event) => {
          const form = event.currentTarget;
          clearTimeout(typing.current);
          // Choices apply at once; typed text waits for a pause.
          if (event.target instanceof HTMLSelectElement) applyFilters(formParams(form));
          else typing.current = setTimeout(() => applyFilters(formParams(form)), TYPING_DEBOUNCE_MS);
        }}
        onSubmit={(event) => {
          event.preventDefault();
          clearTimeout(typing.current);
          applyFilters(formParams(event.currentTarget));
        }}
      >
        <SearchField className="min-w-0 flex-1 md:w-44 md:flex-none xl:w-56" />
        <div className="hidden md:contents">
          <FilterSelects members={members} facets={facets} currency={currency} rangeClassName="hidden 2xl:flex" />
        </div>
        <noscript>
          <Button type="submit" size="sm" variant="outline">
            {t("filters.submit")}
          </Button>
        </noscript>
      </Form>
      <div className="hidden shrink-0 md:block">{clear}</div>
      <Dialog open={sheetOpen} onOpenChange={setSheetOpen}>
        <DialogTrigger asChild>
          <Button variant="outline" size="sm" className="relative 2xl:hidden" aria-label={count === 0 ? t("filters.title") : t("filters.active", { count })}>
            <Icon name="filter" />
            {t("filters.title")}
            {count ? (
              <span className="rounded-full bg-primary px-1.5 text-[11px] font-semibold text-primary-foreground">{count}</span>
            ) : null}
          </Button>
        </DialogTrigger>
        <DialogContent closeLabel={t("common.close")} sheet>
          <DialogHeader>
            <DialogTitle>{t("filters.title")}</DialogTitle>
            <DialogDescription>{t("filters.description")}</DialogDescription>
          </DialogHeader>
          <Form
            method="get"
            action={boardPath(slug)}
            className="grid gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              const params = formParams(event.currentTarget);
              params.set("q", searchParams.get("q") ?? "");
              applyFilters(params);
              setSheetOpen(false);
            }}
          >
            <FilterSelects members={members} facets={facets} currency={currency} stacked />
            <div className="mt-1 flex items-center justify-between gap-2">
              {clear ?? <span />}
              <Button type="submit">{t("filters.showResults")}</Button>
            </div>
          </Form>
        </DialogContent>
      </Dialog>
    </div>
  );
}
