import { withOrganization } from "~/utils/db.server";
import { claimWhatsAppSend } from "./claim-whatsapp-send.server";
import { GraphApiError } from "./graph-api-error.server";
import { createGraphClient } from "./graph-client.server";
import { graphTargetOf } from "./graph-target.server";
import { loadWhatsAppConnection } from "./load-whatsapp-connection.server";
import { settleWhatsAppSend, type SendOutcome } from "./settle-whatsapp-send.server";

/** Stored on the timeline (shown as "Não enviada: …"), so worded for the team. */
const UNKNOWN_OUTCOME = "estado de envio desconhecido: confira no WhatsApp antes de reenviar";

// Failures before the request left this machine: Meta cannot have seen it, so sending again is safe.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/** Thrown so graphile-worker retries the job with its backoff. */
class SendLaterError extends Error {
  override name = "SendLaterError";
}

export type DeliveryResult = "sent" | "failed" | "unknown" | "done";

/**
 * Sends one queued outbound message through Graph, at most once (ADR 020):
 * claim it in a committed transaction, call Graph outside any transaction,
 * then record the answer. A failure Meta cannot have acted on is retried
 * (thrown) until the last attempt; a permanent one fails the message with
 * Meta's reason; an attempt whose outcome cannot be known fails it as
 * "unknown" rather than risk a second copy on the lead's phone.
 */
export async function deliverWhatsAppMessage(input: { organizationId: string; communicationId: string }, options: { lastAttempt: boolean }): Promise<DeliveryResult> {
  const { organizationId, communicationId } = input;
  const settle = (result: SendOutcome) => withOrganization(organizationId, (db) => settleWhatsAppSend(db, organizationId, communicationId, result));

  const claimed = await withOrganization(organizationId, async (db) => {
    const claim = await claimWhatsAppSend(db, organizationId, communicationId, new Date());
    if (claim.outcome !== "claimed") return { claim, connection: null };
    return { claim, connection: await loadWhatsAppConnection(db, organizationId, claim.connectionId) };
  });
  const { claim, connection } = claimed;
  switch (claim.outcome) {
    case "done":
      return "done";
    case "busy":
      throw new SendLaterError(`message ${communicationId}: another attempt is sending it`);
    case "unknown":
      await settle({ outcome: "failed", error: { code: null, title: UNKNOWN_OUTCOME } });
      return "unknown";
    case "unsendable":
      await settle({ outcome: "failed", error: { code: null, title: claim.reason } });
      return "failed";
  }
  if (!connection) {
    await settle({ outcome: "failed", error: { code: null, title: "número de WhatsApp desconectado" } });
    return "failed";
  }

  let messageId: string;
  try {
    ({ messageId } = await createGraphClient({ ...graphTargetOf(connection), accessToken: connection.accessToken }).sendMessage(claim.phoneNumberId, {
      ...claim.message,
      to: claim.to,
    }));
  } catch (error) {
    if (!(error instanceof GraphApiError) || !neverReachedMeta(error)) {
      await settle({ outcome: "failed", error: { code: null, title: UNKNOWN_OUTCOME } });
      return "unknown";
    }
    if (error.transient && !options.lastAttempt) {
      await settle({ outcome: "retry", error: error.message });
      throw error;
    }
    await settle({ outcome: "failed", error: { code: error.code, title: error.title ?? error.message } });
    return "failed";
  }
  await settle({ outcome: "sent", messageId });
  return "sent";
}

/** Graph answered (an HTTP error: it refused the send), or the request never left (no connection). */
function neverReachedMeta(error: GraphApiError) {
  if (error.status !== null) return true;
  for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && NOT_SENT_CODES.has(code)) return true;
  }
  return false;
}
