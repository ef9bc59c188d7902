import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";

/** What the server matched for a deletion, and the form fields to post again with the confirmation. */
export interface DeletionPreview {
  leads: { id: string; fullName: string }[];
  leadId: string | null;
  subject: string | null;
  requesterContact: string;
}

/**
 * The deletion's second step: the leads that will be anonymized, by name,
 * and a button that registers the request for exactly these ids. The server
 * refuses it (409, with the fresh list) if the match changed meanwhile.
 */
export function DeletionPreviewPanel({ slug, preview, busy }: { slug: string; preview: DeletionPreview; busy: boolean }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="deletion-preview-title" data-deletion-preview className="grid gap-2 rounded-md border border-destructive bg-destructive/5 p-3 text-sm">
      <h3 id="deletion-preview-title" className="font-medium">
        {t("privacy.requests.preview.title")}
      </h3>
      <p>{t("privacy.requests.preview.leads", { count: preview.leads.length })}</p>
      {preview.leads.length ? (
        <ul className="list-disc pl-5">
          {preview.leads.map((lead) => (
            <li key={lead.id}>
              <Link to={`/o/${slug}/leads/${lead.id}`} className="underline">
                {lead.fullName}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" action={`/o/${slug}/settings/privacy`}>
        <input type="hidden" name="intent" value="create-request" />
        <input type="hidden" name="kind" value="deletion" />
        {preview.leadId ? <input type="hidden" name="leadId" value={preview.leadId} /> : null}
        {preview.subject ? <input type="hidden" name="subject" value={preview.subject} /> : null}
        <input type="hidden" name="requesterContact" value={preview.requesterContact} />
        <input type="hidden" name="confirmLeadIds" value={preview.leads.map((lead) => lead.id).join(",")} />
        <Button type="submit" variant="destructive" size="sm" disabled={busy}>
          {t("privacy.requests.preview.confirm")}
        </Button>
      </Form>
    </section>
  );
}
