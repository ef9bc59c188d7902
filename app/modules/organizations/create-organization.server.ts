import { randomBytes, randomUUID } from "node:crypto";
import { Organization } from "@db/entities/organization";
import { OrganizationMember } from "@db/entities/organization-member";
import { PipelineStage } from "@db/entities/pipeline-stage";
import { setOrganization, type Db } from "~/utils/db.server";
import { RESERVED_SLUGS, slugify } from "~/utils/slug";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { getTranslator } from "~/i18n/translator";
import { DEFAULT_STAGES } from "./default-stages";

async function findFreeSlug(db: Db, name: string) {
  const base = slugify(name) || "organizacao";
  const candidates = [base, ...Array.from({ length: 8 }, (_, i) => `${base}-${i + 2}`)];
  // Other tenants' organizations are invisible to the app role: ask only whether these candidates are taken.
  const rows = await db.execute<{ slug: string }[]>(`select slug from taken_organization_slugs(array[?]::text[]) as slug`, [candidates]);
  const taken = new Set(rows.map((row) => row.slug));
  const free = candidates.find((slug) => !taken.has(slug) && !RESERVED_SLUGS.has(slug));
  return free ?? `${base}-${randomBytes(3).toString("hex")}`;
}

/**
 * A new tenant with its owner and the default pipeline, inside the caller's
 * transaction (re-scoped to the new organization for the tenant rows). The
 * organization's language (its e-mails' default) and the default stage names
 * follow the creator's interface language.
 */
export async function createOrganization(db: Db, input: { name: string; ownerId: string; slug?: string; locale?: Locale }) {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const { t } = getTranslator(locale);
  const id = randomUUID();
  const slug = input.slug ?? (await findFreeSlug(db, input.name));
  // Scoped first: the organizations policy admits only the current organization's row.
  await setOrganization(db, id);
  const organization = db.create(Organization, { id, name: input.name, slug, locale });
  await db.flush();
  db.create(OrganizationMember, { id: randomUUID(), organization: organization.id, user: input.ownerId, role: "owner" });
  DEFAULT_STAGES.forEach((stage, position) =>
    db.create(PipelineStage, { id: randomUUID(), organization: organization.id, position, ...stage, name: t(stage.name) }),
  );
  await db.flush();
  return organization;
}
