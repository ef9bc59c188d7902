import { Organization } from "@db/entities/organization";
import { withOrganization } from "~/utils/db.server";

/** False once an owner deleted the organization (or it was purged): its queued work then does nothing. */
export async function isOrganizationActive(organizationId: string) {
  const organization = await withOrganization(organizationId, (db) => db.findOne(Organization, { id: organizationId }, { fields: ["deletedAt"] }));
  return organization !== null && organization.deletedAt === null;
}
