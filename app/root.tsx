import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { getClientEnv } from "~/utils/env.server";
import { getRequestLocale } from "~/utils/request-locale.server";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { I18nProvider, useI18n } from "~/i18n/react";
import { getTranslator } from "~/i18n/translator";
import { catalogueScriptOf, catalogueScriptUrl } from "~/i18n/translator.server";
import { useNonce } from "~/components/nonce";
import { Toaster } from "~/components/ui/toast";
import { RouteError } from "~/components/route-error";
import stylesheet from "~/styles/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  // With credentials: the manifest speaks the signed-in person's chosen language.
  { rel: "manifest", href: "/manifest.webmanifest", crossOrigin: "use-credentials" },
  { rel: "apple-touch-icon", href: "/icons/apple-touch-icon.png" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const { t } = getTranslator(data?.locale ?? DEFAULT_LOCALE);
  return [{ title: t("app.name") }, { name: "description", content: t("app.description") }];
};

/**
 * The whitelisted environment, readable in the browser as `window.ENV`, the
 * request's interface language and where its messages are (a script the
 * browser caches; the bundle carries no catalogue). A language lookup that
 * fails (the session store is down) falls back to the default: without root
 * data even the error page would have no words.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await getRequestLocale(request, context).catch(() => DEFAULT_LOCALE);
  return { ENV: getClientEnv(), locale, messagesUrl: catalogueScriptUrl(locale) };
}

/**
 * The page's catalogue: a cacheable script in the head, which runs before
 * the app's module scripts hydrate. A URL no route matches is rendered
 * without any loader data (React Router runs no loader for it), so that page
 * carries the default language's messages inline.
 */
function CatalogueScript({ src, nonce }: { src: string | undefined; nonce: string | undefined }) {
  if (src) return <script nonce={nonce} src={src} />;
  const inline = typeof document === "undefined" ? catalogueScriptOf(DEFAULT_LOCALE).body : "";
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: inline }} suppressHydrationWarning />;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const { t } = getTranslator(locale);
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#e11d48" />
        <Meta />
        <Links />
        <CatalogueScript src={data?.messagesUrl} nonce={nonce} />
      </head>
      <body className="min-h-dvh bg-background text-foreground antialiased">
        <I18nProvider locale={locale}>
          {children}
          <Toaster
            viewportLabel={t("common.notifications", { hotkey: "{hotkey}" })}
            closeLabel={t("common.close")}
          />
        </I18nProvider>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: `window.ENV = ${JSON.stringify(data?.ENV ?? {}).replace(/</g, "\\u003c")}` }} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** The last resort, for errors above any page frame (a bad organization, a failing root loader): the whole page. */
export function ErrorBoundary() {
  const { t } = useI18n();
  return <RouteError error={useRouteError()} className="min-h-dvh" back={{ to: "/", label: t("errors.backHome") }} />;
}
