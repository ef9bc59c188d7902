import { Form } from "@remix-run/react";
import { FormAlert } from "~/components/auth-card";
import { Button } from "~/components/ui/button";
import { Card, CardContent } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";

type FieldErrors = Record<string, string[] | undefined>;

/** Deleted organizations this person owns, each restorable until its purge date. */
export function RestorableOrganizations({
  organizations,
  justDeleted,
  timeZone,
}: {
  organizations: { id: string; name: string; purgeAfter: string }[];
  justDeleted: boolean;
  timeZone: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!organizations.length) return null;
  return (
    <Card>
      <CardContent className="grid gap-3 pt-4 sm:pt-6">
        <h2 className="font-semibold">{t("organization.restore.title")}</h2>
        {justDeleted ? <p role="status" className="text-sm">{t("organization.restore.justDeleted")}</p> : null}
        <ul className="grid gap-2">
          {organizations.map((organization) => (
            <li key={organization.id} data-organization-id={organization.id} className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium">{organization.name}</span>
              <span className="text-muted-foreground">{t("organization.restore.until", { date: i18n.dateTime(organization.purgeAfter, timeZone) })}</span>
              <Form method="post" className="ml-auto">
                <input type="hidden" name="intent" value="restore-organization" />
                <input type="hidden" name="organizationId" value={organization.id} />
                <Button type="submit" variant="outline" size="sm">
                  {t("organization.restore.submit")}
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

/** The account's danger zone: the password and an explicit confirmation. */
export function DeleteAccountForm({ errors, formError }: { errors: FieldErrors; formError: string | null | undefined }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="delete-account" className="grid gap-3 rounded-md border border-destructive/50 p-4">
      <h2 id="delete-account" className="font-semibold text-destructive">
        {t("account.delete.title")}
      </h2>
      <p className="text-sm">{t("account.delete.explanation")}</p>
      <FormAlert message={formError} />
      <Form method="post" className="grid gap-3">
        <input type="hidden" name="intent" value="delete-account" />
        <Field label={t("account.delete.password")} name="password" type="password" required autoComplete="current-password" error={errors.password} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="confirm" required />
          {t("account.delete.confirm")}
        </label>
        {errors.confirm?.length ? <p className="text-sm text-destructive">{errors.confirm[0]}</p> : null}
        <Button type="submit" variant="destructive" className="justify-self-start">
          {t("account.delete.submit")}
        </Button>
      </Form>
    </section>
  );
}
