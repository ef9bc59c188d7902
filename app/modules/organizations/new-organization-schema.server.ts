import { z } from "zod";
import { organizationNameField } from "~/utils/validation.server";

/** Starting another organization from the switcher: only its name. */
export const newOrganizationSchema = z.object({ organization: organizationNameField });
