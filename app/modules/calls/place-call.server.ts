import twilio from "twilio";
import { isFinalCallStatus } from "~/lib/calls";
import { withOrganization } from "~/utils/db.server";
import { loggerFor } from "~/utils/logger.server";
import { loadTwilioConnection } from "~/modules/twilio/load-twilio-connection.server";
import { TwilioTransportError, twilioClientFor } from "~/modules/twilio/twilio-client.server";
import { twilioUrl } from "~/modules/twilio/twilio-urls.server";
import { lockCall } from "./lock-call.server";
import { saveCall } from "./save-call.server";

const log = loggerFor("integrations");
/** How long the rep's phone rings before the call ends as "você não atendeu". */
const AGENT_RING_SECONDS = 25;

type Failure = { code: number | null; title: string };

async function failCall(organizationId: string, callId: string, error: Failure) {
  await withOrganization(organizationId, async (db) => {
    const call = await lockCall(db, organizationId, callId);
    if (call && !isFinalCallStatus(call.status)) await saveCall(db, organizationId, call, { status: "failed", call: { placingSince: null }, error });
  });
}

/**
 * Whether a failed request can be asked again without ringing anyone twice:
 * only when Twilio certainly did not place the call — it said "too many
 * requests", or the request never left (connection refused, no DNS). A
 * timeout, a reset connection or a 5xx may come after Twilio placed the call:
 * the outcome is unknown, and an unknown outcome ends the call (ADR 022).
 */
function safeToRetry(error: unknown) {
  if (error instanceof twilio.RestException) return error.status === 429;
  return error instanceof TwilioTransportError && error.notSent;
}

/** Why the call failed: Twilio's own words when it refused, else that the outcome is unknown. */
function failureOf(error: unknown): Failure {
  if (error instanceof twilio.RestException && error.status < 500) return { code: error.code ?? null, title: error.message.slice(0, 300) };
  if (safeToRetry(error)) return { code: null, title: "Twilio could not be reached" };
  return { code: null, title: "the call may not have been placed (Twilio did not answer whether it was)" };
}

/**
 * Asks Twilio to ring the rep's phone for a queued click-to-call, with the
 * TwiML URL that dials the lead once they answer and the rep's leg's status
 * callbacks. At most once: the call is claimed (committed) before the
 * request, so a retry after a crash in between — when nobody knows whether
 * Twilio placed it — ends the call as failed instead of ringing the rep twice.
 * So does an answer that leaves the same doubt (a timeout, a reset, a 5xx).
 * Only a refusal that certainly placed nothing (429, a connection refused)
 * releases the claim and is thrown to be retried.
 */
export async function placeCall(input: { organizationId: string; callId: string }, options: { lastAttempt: boolean }) {
  const { organizationId, callId } = input;
  const claimed = await withOrganization(organizationId, async (db) => {
    const call = await lockCall(db, organizationId, callId);
    if (!call || call.status !== "queued" || !call.call.agentPhone) return null;
    if (call.call.placingSince) return "unknown" as const;
    const connection = await loadTwilioConnection(db, organizationId, call.call.connectionId);
    if (!connection) return "disconnected" as const;
    await db.execute(`update communications set metadata = jsonb_set(metadata, '{call,placingSince}', to_jsonb(now()::text)) where id = ?`, [call.id]);
    return { call, connection };
  });
  if (claimed === null) return;
  if (claimed === "unknown") return failCall(organizationId, callId, { code: null, title: "the call may not have been placed (the worker stopped while asking Twilio)" });
  if (claimed === "disconnected") return failCall(organizationId, callId, { code: null, title: "the Twilio connection was removed" });

  const { call, connection } = claimed;
  let sid: string;
  try {
    const placed = await twilioClientFor(connection).calls.create({
      to: call.call.agentPhone!,
      from: call.call.orgNumber,
      url: twilioUrl(connection.connectionKey, `connect/${call.id}`),
      method: "POST",
      statusCallback: twilioUrl(connection.connectionKey, "status", { callId: call.id, leg: "agent" }),
      statusCallbackMethod: "POST",
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
      timeout: AGENT_RING_SECONDS,
    });
    sid = placed.sid;
  } catch (error) {
    if (!safeToRetry(error) || options.lastAttempt) {
      log.warn({ callId, error: error instanceof Error ? error.message : String(error) }, "Twilio did not place a call, or may have");
      return failCall(organizationId, callId, failureOf(error));
    }
    await withOrganization(organizationId, (db) =>
      db.execute(`update communications set metadata = jsonb_set(metadata, '{call,placingSince}', 'null') where organization_id = ? and id = ?`, [organizationId, callId]),
    );
    throw error;
  }
  await withOrganization(organizationId, async (db) => {
    const locked = await lockCall(db, organizationId, callId);
    if (!locked) return;
    // A callback may have moved it on already (Twilio is fast): only the SID is new then.
    await saveCall(db, organizationId, locked, {
      ...(locked.status === "queued" ? { status: "initiated" as const } : {}),
      call: { agentCallSid: sid, placingSince: null },
      externalId: sid,
    });
  });
}
