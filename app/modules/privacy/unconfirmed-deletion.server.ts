import { message } from "~/i18n/catalogue";
import { DomainRefusal } from "~/utils/refusal.server";

export interface SubjectLead {
  id: string;
  fullName: string;
}

/**
 * A deletion request not (or no longer) confirmed: the leads the server
 * matches now, for the admin to look at before anything irreversible is
 * queued. `stale` when a confirmation came for another set of leads (one was
 * added, merged or changed its phone since the preview).
 */
export class UnconfirmedDeletion extends DomainRefusal {
  constructor(
    readonly leads: SubjectLead[],
    readonly stale: boolean,
  ) {
    super(message("privacy.requests.preview.changed"), { status: 409 });
  }
}
