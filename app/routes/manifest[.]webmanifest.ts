import type { LoaderFunctionArgs } from "@remix-run/node";
import { getRequestI18n } from "~/utils/request-locale.server";
import { buildManifest } from "~/modules/pwa/build-manifest.server";

/**
 * The web app manifest, in the reader's language. The page links it with
 * credentials, so a signed-in person's language choice applies; it varies by
 * them, so caches revalidate.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const manifest = buildManifest(await getRequestI18n(request, context));
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json", "Cache-Control": "no-cache", Vary: "Accept-Language, Cookie" },
  });
}
