import { randomUUID } from "node:crypto";
import { WhatsAppPhoneNumber } from "@db/entities/whatsapp-phone-number";
import { message } from "~/i18n/catalogue";
import type { Db } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import type { PhoneNumberInput } from "./connection-intents.server";

/**
 * Makes a connection's numbers exactly `numbers` (the caller holds the
 * organization's connection lock). A number another connection of the
 * organization already has is refused: the webhook could not tell which
 * connection its messages belong to. Returns what changed, for the audit.
 */
export async function savePhoneNumbers(db: Db, connection: { id: string; organization: string }, numbers: PhoneNumberInput[]) {
  const elsewhere = await db.find(WhatsAppPhoneNumber, {
    organization: connection.organization,
    connection: { $ne: connection.id },
    phoneNumberId: { $in: numbers.map((n) => n.phoneNumberId) },
  });
  if (elsewhere.length) {
    throw new DomainRefusal(message("integrations.rule.numberTaken", { id: elsewhere[0].phoneNumberId }), { status: 400, field: "numbers" });
  }
  const current = await db.find(WhatsAppPhoneNumber, { connection: connection.id }, { orderBy: { createdAt: "asc" } });
  const wanted = new Map(numbers.map((n) => [n.phoneNumberId, n.displayPhoneNumber]));
  const removed = current.filter((n) => !wanted.has(n.phoneNumberId));
  for (const number of removed) db.remove(number);
  const changed: string[] = [];
  for (const number of current) {
    const display = wanted.get(number.phoneNumberId);
    if (display !== undefined && display !== number.displayPhoneNumber) {
      number.displayPhoneNumber = display;
      changed.push(number.phoneNumberId);
    }
  }
  const known = new Set(current.map((n) => n.phoneNumberId));
  const added = numbers.filter((n) => !known.has(n.phoneNumberId));
  for (const number of added) {
    db.create(WhatsAppPhoneNumber, { id: randomUUID(), organization: connection.organization, connection: connection.id, ...number });
  }
  return { added: added.map((n) => n.phoneNumberId), removed: removed.map((n) => n.phoneNumberId), changed };
}
