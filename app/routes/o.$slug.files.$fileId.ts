import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/lib/permissions";
import { fileResponse } from "~/modules/files/file-response.server";
import { openFile } from "~/modules/files/open-file.server";
import { isExportDownloadable } from "~/modules/privacy/export/is-export-downloadable.server";
import { notFound, requireMember } from "~/utils/membership.server";

/**
 * A stored file (WhatsApp media, call recording, export) for members of its
 * organization; any other id — malformed, missing, another organization's —
 * is the same 404. A data-subject export holds a person's whole record: only
 * admins get it, and only during its download period.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireMember(request, params.slug, "lead:view");
  const file = await openFile(organization.id, params.fileId);
  if (!file) notFound();
  if (file.kind === "export" && !(can(role, "privacy:manage") && (await isExportDownloadable(organization.id, file.id)))) notFound();
  return fileResponse(request, file);
}
