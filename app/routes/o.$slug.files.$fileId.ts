import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "~/modules/files/file-response.server";
import { openFile } from "~/modules/files/open-file.server";
import { notFound, requireMember } from "~/utils/membership.server";

/**
 * A stored file (WhatsApp media, call recording, export) for members of its
 * organization; any other id — malformed, missing, another organization's —
 * is the same 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug, "lead:view");
  const file = await openFile(organization.id, params.fileId);
  if (!file) notFound();
  return fileResponse(request, file);
}
