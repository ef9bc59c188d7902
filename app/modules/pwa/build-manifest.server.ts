import type { Translator } from "~/i18n/translator";
import { APP_ICONS } from "./app-icons.server";
import { BRAND_COLOR } from "./draw-icon.server";

/**
 * The web app manifest in the reader's language. `/` opens the person's first
 * organization's board (see the index route), and "my leads" is that board
 * filtered to the person's own leads: the index route forwards the query.
 */
export function buildManifest({ t, locale }: Translator) {
  const icons = Object.entries(APP_ICONS)
    .filter(([, icon]) => icon.purpose !== "apple")
    .map(([name, icon]) => ({ src: `/icons/${name}`, sizes: `${icon.size}x${icon.size}`, type: "image/png", purpose: icon.purpose }));
  return {
    id: "/",
    lang: locale,
    name: t("pwa.name"),
    short_name: t("pwa.shortName"),
    description: t("app.description"),
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: BRAND_COLOR,
    background_color: "#ffffff",
    icons,
    shortcuts: [
      { name: t("pwa.shortcut.board"), url: "/", icons: [{ src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }] },
      { name: t("pwa.shortcut.myLeads"), url: "/?assignee=mine", icons: [{ src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }] },
    ],
  };
}
