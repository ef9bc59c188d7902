import { Form, Link, NavLink } from "@remix-run/react";
import { Avatar, AvatarFallback, avatarColor, initials } from "~/components/ui/avatar";
import { Button } from "~/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/components/ui/dropdown-menu";
import { Logo } from "~/components/auth-card";
import { cn } from "~/lib/cn";
import { can, type Role } from "~/lib/permissions";
import { LanguageSwitchItems, NoScriptLanguageSwitch } from "~/components/language-switch";
import { useI18n } from "~/i18n/react";
import { roleLabel } from "~/lib/labels";

interface Props {
  organization: { name: string; slug: string };
  organizations: { name: string; slug: string; role: Role }[];
  /** Deleted organizations the user owns, still restorable (from the account page) until their purge. */
  restorable: { id: string; name: string; timeZone: string; purgeAfter: string }[];
  role: Role;
  user: { id: string; fullName: string; email: string };
  /** Where switching language returns to, instead of this page (an error page's URL may name what was not found). */
  returnTo?: string;
}

const navClass = ({ isActive }: { isActive: boolean }) =>
  cn(
    "rounded-md px-2 py-2 text-sm font-medium transition-colors sm:px-3",
    isActive ? "bg-accent text-accent-foreground" : "text-muted-foreground hover:text-foreground",
  );

/**
 * Header of every organization page: switcher, navigation allowed by the role, account menu.
 * The menus are not modal: a modal one hides the page from assistive technology with
 * aria-hidden while its links stay focusable (axe: aria-hidden-focus), and a menu is
 * no dialog; Escape, a click outside or Tab still closes it.
 */
export function OrgHeader({ organization, organizations, restorable, role, user, returnTo }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <header className="sticky top-0 z-30 border-b bg-background/95 backdrop-blur">
      <div className="flex h-14 items-center gap-2 px-3 sm:px-4">
        <Link to={`/o/${organization.slug}/board`} aria-label={t("header.boardLink")} className="hidden sm:block">
          <Logo />
        </Link>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" className="max-w-[36vw] gap-1 px-2 sm:max-w-xs" aria-label={t("header.switchOrganization", { name: organization.name })}>
              <span className="truncate font-semibold">{organization.name}</span>
              <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 shrink-0 fill-current opacity-60">
                <path d="M5.5 7.5 10 12l4.5-4.5" stroke="currentColor" strokeWidth="1.5" fill="none" />
              </svg>
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start" className="w-64">
            <DropdownMenuLabel>{t("header.yourOrganizations")}</DropdownMenuLabel>
            {organizations.map((org) => (
              <DropdownMenuItem key={org.slug} asChild>
                <Link to={`/o/${org.slug}/board`} aria-current={org.slug === organization.slug ? "page" : undefined}>
                  <span className="flex-1 truncate">{org.name}</span>
                  <span className="text-xs text-muted-foreground">{roleLabel(t, org.role)}</span>
                </Link>
              </DropdownMenuItem>
            ))}
            {restorable.map((org) => (
              <DropdownMenuItem key={org.id} asChild>
                <Link to="/account" data-deleted-organization-id={org.id}>
                  <span className="flex-1 truncate text-muted-foreground line-through">{org.name}</span>
                  <span className="text-xs text-muted-foreground">{t("organization.restore.switcher", { date: i18n.dateTime(org.purgeAfter, org.timeZone) })}</span>
                </Link>
              </DropdownMenuItem>
            ))}
            <DropdownMenuSeparator />
            <DropdownMenuItem asChild>
              <Link to="/organizations/new">{t("header.createOrganization")}</Link>
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        <nav aria-label={t("header.navigation")} className="flex min-w-0 items-center gap-1 overflow-x-auto">
          <NavLink to={`/o/${organization.slug}/board`} className={navClass}>
            {t("header.board")}
          </NavLink>
          {can(role, "members:view") ? (
            <NavLink to={`/o/${organization.slug}/settings/members`} className={navClass}>
              {t("header.members")}
            </NavLink>
          ) : null}
          {can(role, "pipeline:manage") ? (
            <NavLink to={`/o/${organization.slug}/settings/pipeline`} className={navClass}>
              {t("header.pipeline")}
            </NavLink>
          ) : null}
          {can(role, "integration:manage") ? (
            <NavLink to={`/o/${organization.slug}/settings/integrations`} className={navClass}>
              {t("header.integrations")}
            </NavLink>
          ) : null}
          {can(role, "ai:manage") ? (
            <NavLink to={`/o/${organization.slug}/settings/ai`} className={navClass}>
              {t("ai.settings.nav")}
            </NavLink>
          ) : null}
          {can(role, "privacy:manage") ? (
            <NavLink to={`/o/${organization.slug}/settings/privacy`} className={navClass}>
              {t("privacy.nav")}
            </NavLink>
          ) : null}
          {can(role, "organization:delete") ? (
            <NavLink to={`/o/${organization.slug}/settings/organization`} className={navClass}>
              {t("organization.delete.nav")}
            </NavLink>
          ) : null}
        </nav>
        <div className="ml-auto flex items-center gap-1">
          <NoScriptLanguageSwitch returnTo={returnTo} />
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="icon" aria-label={t("header.account", { name: user.fullName, initials: initials(user.fullName) })} className="rounded-full">
                <Avatar className="h-8 w-8">
                  <AvatarFallback className={avatarColor(user.id)}>{initials(user.fullName)}</AvatarFallback>
                </Avatar>
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end" className="w-60">
              <DropdownMenuLabel>
                <span className="block truncate">{user.fullName}</span>
                <span className="block truncate text-xs font-normal text-muted-foreground">{user.email}</span>
                <span className="block text-xs font-normal text-muted-foreground">{roleLabel(t, role)}</span>
              </DropdownMenuLabel>
              <DropdownMenuSeparator />
              <DropdownMenuItem asChild>
                <Link to="/account">{t("account.menuLink")}</Link>
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <LanguageSwitchItems returnTo={returnTo} />
              <DropdownMenuSeparator />
              <Form method="post" action="/logout">
                <DropdownMenuItem asChild>
                  <button type="submit" className="w-full">
                    {t("header.logout")}
                  </button>
                </DropdownMenuItem>
              </Form>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </div>
    </header>
  );
}
