import { Link } from "@remix-run/react";
import { Avatar, AvatarFallback, avatarColor, initials } from "~/components/ui/avatar";
import { Badge } from "~/components/ui/badge";
import { formatMoney, formatRelative } from "~/utils/format";
import { CHANNEL_LABELS, PRIORITY_LABELS, SOURCE_LABELS } from "~/utils/labels";

export interface BoardLead {
  id: string;
  version: number;
  fullName: string;
  company: string | null;
  estimatedValue: string | null;
  source: string | null;
  priority: "low" | "medium" | "high" | "urgent";
  tags: string[];
  assigneeName: string | null;
  lastContactAt: string | null;
  lastContactChannel: string | null;
}

const PRIORITY_DOT: Record<BoardLead["priority"], string> = {
  low: "bg-slate-300",
  medium: "bg-sky-400",
  high: "bg-amber-500",
  urgent: "bg-red-600",
};

export function LeadCard({ lead, slug, currency, now }: { lead: BoardLead; slug: string; currency: string; now: number }) {
  const extraTags = lead.tags.length - 2;
  return (
    <Link
      to={`/o/${slug}/leads/${lead.id}`}
      data-lead-id={lead.id}
      data-version={lead.version}
      className="block rounded-lg border bg-card p-3 text-card-foreground shadow-sm transition hover:border-primary/40 hover:shadow focus-visible:ring-2 focus-visible:ring-ring"
    >
      <div className="flex items-start gap-2">
        <span
          className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${PRIORITY_DOT[lead.priority]}`}
          title={`Prioridade ${PRIORITY_LABELS[lead.priority]}`}
          aria-label={`Prioridade ${PRIORITY_LABELS[lead.priority]}`}
        />
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium">{lead.fullName}</p>
          {lead.company ? <p className="truncate text-sm text-muted-foreground">{lead.company}</p> : null}
        </div>
        {lead.assigneeName ? (
          <Avatar className="h-7 w-7" title={lead.assigneeName}>
            <AvatarFallback className={`text-[11px] ${avatarColor(lead.assigneeName)}`}>{initials(lead.assigneeName)}</AvatarFallback>
          </Avatar>
        ) : null}
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-1">
        {lead.estimatedValue ? <span className="mr-1 text-sm font-semibold">{formatMoney(lead.estimatedValue, currency)}</span> : null}
        {lead.source ? <Badge variant="outline">{SOURCE_LABELS[lead.source] ?? lead.source}</Badge> : null}
        {lead.tags.slice(0, 2).map((tag) => (
          <Badge key={tag} variant="secondary">
            {tag}
          </Badge>
        ))}
        {extraTags > 0 ? <Badge variant="secondary">+{extraTags}</Badge> : null}
      </div>
      {lead.lastContactAt ? (
        <p className="mt-2 text-xs text-muted-foreground">
          {CHANNEL_LABELS[lead.lastContactChannel ?? "note"] ?? lead.lastContactChannel} · {formatRelative(lead.lastContactAt, now)}
        </p>
      ) : null}
    </Link>
  );
}
