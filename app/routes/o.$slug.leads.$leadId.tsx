import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Badge } from "~/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "~/components/ui/card";
import { formatDateTime, formatMoney } from "~/utils/format";
import { CHANNEL_LABELS, PRIORITY_LABELS, SOURCE_LABELS, STATUS_LABELS } from "~/utils/labels";
import { notFound, requireMember } from "~/utils/membership.server";
import { getLead } from "~/modules/leads/get-lead.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.lead.fullName} · Loved CRM` : "Lead · Loved CRM" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug, "lead:view");
  const leadId = z.uuid().safeParse(params.leadId);
  if (!leadId.success) notFound();
  const found = await getLead(organization.id, leadId.data);
  if (!found) notFound();
  return { organization, ...found };
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 break-words text-sm">{children || "—"}</dd>
    </div>
  );
}

export default function LeadPage() {
  const { organization, lead, stage, timeline } = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto grid w-full max-w-5xl gap-4 p-3 sm:p-4 lg:grid-cols-[20rem_1fr]">
      <div className="lg:col-span-2">
        <Link to={`/o/${organization.slug}/board`} className="text-sm text-muted-foreground hover:text-foreground">
          ← Voltar ao quadro
        </Link>
        <h1 className="mt-1 text-xl font-semibold">{lead.fullName}</h1>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
          <span className="inline-flex items-center gap-1.5">
            <span aria-hidden className="h-2.5 w-2.5 rounded-full" style={{ backgroundColor: stage.color }} />
            {stage.name}
          </span>
          <Badge variant="outline">{STATUS_LABELS[lead.status]}</Badge>
          <Badge variant="secondary">Prioridade {PRIORITY_LABELS[lead.priority]}</Badge>
        </div>
      </div>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Contato</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-3">
            <Detail label="Empresa">{lead.company}</Detail>
            <Detail label="Cargo">{lead.jobTitle}</Detail>
            <Detail label="Telefone">{lead.phone}</Detail>
            <Detail label="E-mail">{lead.email}</Detail>
            <Detail label="Valor estimado">{lead.estimatedValue ? formatMoney(lead.estimatedValue, organization.currency) : null}</Detail>
            <Detail label="Origem">{lead.source ? (SOURCE_LABELS[lead.source] ?? lead.source) : null}</Detail>
            <Detail label="Responsável">{lead.assigneeName}</Detail>
            <Detail label="Tags">{lead.tags.length ? lead.tags.join(", ") : null}</Detail>
            <Detail label="Observações">{lead.notes}</Detail>
          </dl>
        </CardContent>
      </Card>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="mb-2 font-semibold">
          Linha do tempo
        </h2>
        {timeline.length === 0 ? <p className="text-sm text-muted-foreground">Nenhuma interação registrada ainda.</p> : null}
        <ol className="grid gap-2">
          {timeline.map((entry) => (
            <li key={entry.id} className="rounded-lg border bg-card p-3">
              <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                <span className="font-medium text-foreground">
                  {entry.kind === "activity" ? "Atividade" : (CHANNEL_LABELS[entry.channel ?? "note"] ?? entry.channel)}
                </span>
                {entry.direction === "inbound" ? <span>recebida</span> : null}
                {entry.direction === "outbound" ? <span>enviada</span> : null}
                {entry.authorName ? <span>· {entry.authorName}</span> : null}
                <time className="ml-auto" dateTime={entry.at}>
                  {formatDateTime(entry.at, organization.timeZone)}
                </time>
              </div>
              {entry.subject ? <p className="mt-1 text-sm font-medium">{entry.subject}</p> : null}
              {entry.content ? <p className="mt-1 whitespace-pre-line text-sm">{entry.content}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
