import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n/locales";
import { catalogueScriptOf } from "~/i18n/translator.server";

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * `/i18n/<locale>.js?v=<version>`: one language's messages as a script (see
 * `catalogueScriptUrl`). Cached for good when the version is the current
 * one; an old page asking for an old version gets today's, uncached.
 */
export function loader({ request, params }: LoaderFunctionArgs) {
  const locale = /^(.+)\.js$/.exec(params.file ?? "")?.[1];
  if (!isLocale(locale)) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const script = catalogueScriptOf(locale);
  const current = new URL(request.url).searchParams.get("v") === script.version;
  return new Response(script.body, {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": current ? IMMUTABLE : "no-cache" },
  });
}
