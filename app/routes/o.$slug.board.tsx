import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LeadCard } from "~/components/board/lead-card";
import { formatMoney } from "~/utils/format";
import { requireMember } from "~/utils/membership.server";
import { getBoard } from "~/modules/board/get-board.server";

export const meta: MetaFunction = () => [{ title: "Quadro · Loved CRM" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, params.slug, "board:view");
  const columns = await getBoard(organization.id);
  return { organization, columns, now: Date.now() };
}

export default function BoardPage() {
  const { organization, columns, now } = useLoaderData<typeof loader>();
  const total = columns.reduce((sum, column) => sum + column.count, 0);
  return (
    <main className="flex flex-1 flex-col gap-3 py-3">
      <div className="flex items-baseline justify-between px-3 sm:px-4">
        <h1 className="text-lg font-semibold">Quadro de vendas</h1>
        <p className="text-sm text-muted-foreground">{total} leads</p>
      </div>
      {total === 0 ? (
        <p className="mx-3 rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground sm:mx-4">
          Nenhum lead ainda. Os leads que chegarem pelo WhatsApp, telefone ou cadastro aparecem aqui, em cada etapa do funil.
        </p>
      ) : null}
      <div
        className="flex flex-1 snap-x snap-mandatory gap-3 overflow-x-auto px-3 pb-4 sm:px-4"
        role="list"
        aria-label="Etapas do funil"
      >
        {columns.map((column) => (
          <section
            key={column.id}
            role="listitem"
            aria-label={column.name}
            data-stage-id={column.id}
            className="flex w-[85vw] max-w-[20rem] shrink-0 snap-start flex-col rounded-xl bg-muted/60 sm:w-72"
          >
            <header className="flex items-center gap-2 border-b border-border/60 px-3 py-2">
              <span aria-hidden className="h-2.5 w-2.5 rounded-full" style={{ backgroundColor: column.color }} />
              <h2 className="font-medium">{column.name}</h2>
              <span className="text-xs text-muted-foreground" aria-label={`${column.count} leads`}>
                {column.count}
              </span>
              <span className="ml-auto text-xs font-medium text-muted-foreground">
                {formatMoney(column.totalValue, organization.currency)}
              </span>
            </header>
            <ol className="flex flex-col gap-2 p-2">
              {column.leads.map((lead) => (
                <li key={lead.id}>
                  <LeadCard lead={lead} slug={organization.slug} currency={organization.currency} now={now} />
                </li>
              ))}
            </ol>
            {column.count > column.leads.length ? (
              <p className="px-3 pb-3 text-xs text-muted-foreground">
                + {column.count - column.leads.length} leads nesta etapa
              </p>
            ) : null}
            {column.count === 0 ? <p className="px-3 pb-3 text-xs text-muted-foreground">Nenhum lead nesta etapa.</p> : null}
          </section>
        ))}
      </div>
    </main>
  );
}
