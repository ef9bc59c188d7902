import { randomBytes, randomUUID } from "node:crypto";
import { Organization } from "@db/entities/organization";
import { OrganizationMember } from "@db/entities/organization-member";
import { PipelineStage } from "@db/entities/pipeline-stage";
import { setOrganization, type Db } from "~/utils/db.server";
import { RESERVED_SLUGS, slugify } from "~/lib/slug";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { getTranslator } from "~/i18n/translator.server";
import { DEFAULT_STAGES } from "./default-stages";

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function withRandomSuffix(base: string) {
  // 36^5 ≈ 60 million suffixes per name: a collision is not worth a retry loop.
  return `${base}-${Array.from(randomBytes(5), (byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join("")}`;
}

/**
 * The name's slug when free; otherwise the slug with a short random suffix
 * ("boreal-7f3k2"). A counter ("boreal-2", "boreal-3") would tell the creator
 * which other organizations exist and how many share the name.
 */
async function findFreeSlug(db: Db, base: string) {
  // Other tenants' organizations are invisible to the app role: ask only whether this one slug is taken.
  const taken = await db.execute<{ slug: string }[]>(`select slug from taken_organization_slugs(array[?]::text[]) as slug`, [[base]]);
  return !RESERVED_SLUGS.has(base) && taken.length === 0 ? base : withRandomSuffix(base);
}

/**
 * Inserts the row unless its slug was taken in the meantime (two sign-ups with
 * the same name at once): then nothing is written and false comes back,
 * instead of a unique-index error that would abort the transaction.
 */
async function claimSlug(db: Db, row: { id: string; name: string; slug: string; locale: Locale }) {
  const inserted = await db.execute<{ id: string }[]>(
    `insert into organizations (id, name, slug, locale, created_at, updated_at) values (?, ?, ?, ?, now(), now())
     on conflict (slug) do nothing returning id`,
    [row.id, row.name, row.slug, row.locale],
  );
  return inserted.length > 0;
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
  const base = slugify(input.name) || "organizacao";
  const slug = input.slug ?? (await findFreeSlug(db, base));
  // Scoped first: the organizations policy admits only the current organization's row.
  await setOrganization(db, id);
  if (!(await claimSlug(db, { id, name: input.name, slug, locale }))) {
    await claimSlug(db, { id, name: input.name, slug: withRandomSuffix(base), locale });
  }
  const organization = await db.findOneOrFail(Organization, { id });
  db.create(OrganizationMember, { id: randomUUID(), organization: organization.id, user: input.ownerId, role: "owner" });
  DEFAULT_STAGES.forEach((stage, position) =>
    db.create(PipelineStage, { id: randomUUID(), organization: organization.id, position, ...stage, name: t(stage.name) }),
  );
  await db.flush();
  return organization;
}
