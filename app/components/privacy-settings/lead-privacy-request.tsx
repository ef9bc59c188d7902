import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import { PrivacyRequestKindField } from "./privacy-request-kind-field";

/**
 * "Pedido LGPD" on a lead page (admins and above): registers a request for
 * the person behind this lead (every lead with their phone or e-mail) on the
 * privacy page, where it is then listed (a deletion first shows there the
 * leads it would anonymize, for the admin to confirm).
 */
export function LeadPrivacyRequest({ slug, leadId }: { slug: string; leadId: string }) {
  const { t } = useI18n();
  return (
    <details className="rounded-md border p-3 text-sm">
      <summary className="cursor-pointer font-medium">{t("privacy.requests.fromLead.title")}</summary>
      <Form method="post" action={`/o/${slug}/settings/privacy`} className="mt-3 grid gap-3">
        <input type="hidden" name="intent" value="create-request" />
        <input type="hidden" name="leadId" value={leadId} />
        <p className="text-muted-foreground">{t("privacy.requests.fromLead.description")}</p>
        <PrivacyRequestKindField busy={false} />
        <Field name="requesterContact" label={t("privacy.requests.field.requesterContact")} description={t("privacy.requests.field.requesterContactHint")} required maxLength={254} />
        <Button type="submit" variant="outline" className="justify-self-start">
          {t("privacy.requests.submit")}
        </Button>
      </Form>
    </details>
  );
}
