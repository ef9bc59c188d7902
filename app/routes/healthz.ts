import { checkDatabase } from "~/modules/health/check-database.server";

export async function loader() {
  const healthy = await checkDatabase();
  return Response.json(healthy ? { status: "ok" } : { status: "unavailable" }, {
    status: healthy ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
