import { Organization } from "@db/entities/organization";
import { withOrganization } from "~/utils/db.server";

/** Whether the organization is active, deleted (and until when it can come back), or gone (purged): what its queued work does depends on it. */
export async function findOrganizationDeletion(organizationId: string) {
  const organization = await withOrganization(organizationId, (db) =>
    db.findOne(Organization, { id: organizationId }, { fields: ["deletedAt", "purgeAfter"] }),
  );
  if (!organization) return { state: "gone" } as const;
  if (!organization.deletedAt || !organization.purgeAfter) return { state: "active" } as const;
  return { state: "deleted", purgeAfter: organization.purgeAfter } as const;
}
