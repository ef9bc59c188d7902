/**
 * Whether the board's filters select a card, decided in the browser from the
 * card (and, for the free-text search, the e-mail and phone a live event
 * carries beside it) — what lets a board place a teammate's moved card from
 * the event instead of asking the server. It must never disagree with the
 * server's `boardLeadsWhere`: whatever the browser cannot decide exactly (no
 * e-mail and phone to search, letters whose case folding could differ from
 * PostgreSQL's, a value the server would read differently or drop) answers
 * null, and the board then asks the server.
 */
import { LEAD_PRIORITIES } from "~/lib/lead-enums";
import { filterParams, toCents, type BoardCard, type LeadSearchFields } from "~/lib/board-client";

/** Only ids the server's own check surely accepts (RFC 9562 version and variant); anything else it may drop. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** Amounts the server reads the same way (it refuses more than 12 whole digits). */
const PLAIN_AMOUNT = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;
/** The server drops longer source and tag filters (board-filters.server.ts). */
const MAX_TEXT = 40;

type Verdict = boolean | null;

/**
 * A card shows no assignee both when the lead has none and when its assignee
 * has left the organization (their user row is then hidden, the lead's
 * `assignee_id` is not): only a shown assignee decides.
 */
function assigneeVerdict(value: string, card: BoardCard, meId: string): Verdict {
  if (!card.assignee) return null;
  if (value === "none") return false;
  if (value === "mine") return card.assignee.id === meId;
  if (UUID.test(value)) return card.assignee.id.toLowerCase() === value.toLowerCase();
  return null;
}

function textVerdict(value: string, matches: (text: string) => boolean): Verdict {
  return value.length > MAX_TEXT || value.includes("\0") ? null : matches(value);
}

function amountVerdict(value: string, card: BoardCard, holds: (cardCents: number, boundCents: number) => boolean): Verdict {
  if (!PLAIN_AMOUNT.test(value)) return null;
  // SQL's comparison with a null value is not true.
  return card.estimatedValue !== null && holds(toCents(card.estimatedValue), toCents(value));
}

/**
 * Folds ASCII letters only, as PostgreSQL's ILIKE does under the C, C.UTF-8
 * and Latin-script collations we run on (a Turkish collation folds I to ı:
 * not one we use).
 */
const foldAscii = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
/** Whether every character's code is at most `max` (0x7f: ASCII; 0xff: Latin-1). */
function codesUpTo(text: string, max: number) {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > max) return false;
  return true;
}

/** `ILIKE '%q%'` over name, company and e-mail, or the phone containing q's digits (4 or more), as the server searches. */
function searchVerdict(q: string, card: BoardCard, fields: LeadSearchFields | undefined): Verdict {
  if (!fields || q.length > 100 || q.includes("\0") || !codesUpTo(q, 0x7f)) return null;
  const digits = q.replace(/\D/g, "");
  if (digits.length >= 4 && fields.phone?.includes(digits)) return true;
  const texts = [card.fullName, card.company, fields.email].filter((text): text is string => text !== null);
  const needle = foldAscii(q);
  if (texts.some((text) => foldAscii(text).includes(needle))) return true;
  // Latin-1 letters fold among themselves, never into ASCII; beyond it (the Kelvin sign, a dotted İ) they might.
  return texts.every((text) => codesUpTo(text, 0xff)) ? false : null;
}

/**
 * True or false when the filters in `search` decide it from the card (and,
 * for a text search, the lead's e-mail and phone); null when only the server can tell.
 */
export function cardMatchesFilters(card: BoardCard, search: URLSearchParams, meId: string, fields?: LeadSearchFields): Verdict {
  const verdicts: Verdict[] = [];
  for (const [key, value] of filterParams(search)) {
    // The server trims text filters but drops an assignee or priority with spaces around it.
    if ((key === "assignee" || key === "priority") && search.get(key) !== value) {
      verdicts.push(null);
      continue;
    }
    switch (key) {
      case "assignee":
        verdicts.push(assigneeVerdict(value, card, meId));
        break;
      case "source":
        verdicts.push(textVerdict(value, (source) => card.source === source));
        break;
      case "tag":
        verdicts.push(textVerdict(value, (tag) => card.tags.includes(tag)));
        break;
      case "priority":
        verdicts.push((LEAD_PRIORITIES as readonly string[]).includes(value) ? card.priority === value : null);
        break;
      case "min":
        verdicts.push(amountVerdict(value, card, (cents, bound) => cents >= bound));
        break;
      case "max":
        verdicts.push(amountVerdict(value, card, (cents, bound) => cents <= bound));
        break;
      case "q":
        verdicts.push(searchVerdict(value, card, fields));
        break;
      default:
        verdicts.push(null);
    }
  }
  // One filter the card certainly fails decides it, whatever the undecided ones would say.
  if (verdicts.includes(false)) return false;
  return verdicts.includes(null) ? null : true;
}
