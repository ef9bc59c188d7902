import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAppIconPng, isAppIconName } from "~/modules/pwa/app-icons.server";

const IMMUTABLE = "public, max-age=31536000, immutable";

/** `/icons/<name>.png`: the app's icons, drawn in code (see `APP_ICONS`). */
export function loader({ params }: LoaderFunctionArgs) {
  if (!isAppIconName(params.file)) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(getAppIconPng(params.file), { headers: { "Content-Type": "image/png", "Cache-Control": IMMUTABLE } });
}
