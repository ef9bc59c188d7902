import { withOrganization } from "~/utils/db.server";
import { loggerFor } from "~/utils/logger.server";
import { deleteFile } from "~/modules/files/delete-file.server";
import { FileTooLargeError, storeFile } from "~/modules/files/store-file.server";
import { loadTwilioConnection, type LoadedTwilioConnection } from "~/modules/twilio/load-twilio-connection.server";
import { twilioApiUrlOf, twilioClientFor } from "~/modules/twilio/twilio-client.server";
import { planCallTranscript } from "~/modules/ai/plan-call-transcript.server";
import { lockCall } from "./lock-call.server";
import { saveCall } from "./save-call.server";

const log = loggerFor("integrations");
/** Two hours of dual-channel MP3 is well under this. */
const MAX_RECORDING_BYTES = 200 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;

class RecordingDownloadError extends Error {
  constructor(readonly status: number) {
    super(`Twilio answered ${status} for the recording`);
    this.name = "RecordingDownloadError";
  }
}

/** The recording's MP3, from a URL built from its SID (never the callback's URL), with the account's credentials. */
async function downloadRecording(connection: LoadedTwilioConnection, recordingSid: string) {
  const url = `${twilioApiUrlOf(connection)}/2010-04-01/Accounts/${connection.accountSid}/Recordings/${recordingSid}.mp3`;
  const response = await fetch(url, {
    headers: { Authorization: `Basic ${Buffer.from(`${connection.accountSid}:${connection.authToken}`).toString("base64")}` },
    signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    redirect: "follow",
  });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new RecordingDownloadError(response.status);
  }
  return response.body;
}

/** Twilio's copy goes once ours is safe; one already gone is fine. */
async function deleteTwilioCopy(connection: LoadedTwilioConnection, recordingSid: string) {
  try {
    await twilioClientFor(connection).recordings(recordingSid).remove();
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
}

/**
 * Copies a call's recording into the organization's storage, then deletes
 * Twilio's copy (only then). Network calls run outside transactions. A failed
 * download is thrown to be retried with backoff; after the last attempt the
 * call says the recording is unavailable and Twilio's copy stays. A run after
 * the copy was stored (Twilio's delete failed) only deletes.
 */
export async function fetchCallRecording(input: { organizationId: string; callId: string; recordingSid: string }, options: { lastAttempt: boolean }) {
  const { organizationId, callId, recordingSid } = input;
  const found = await withOrganization(organizationId, async (db) => {
    const call = await lockCall(db, organizationId, callId);
    if (!call || call.call.recording?.recordingSid !== recordingSid) return null;
    const connection = await loadTwilioConnection(db, organizationId, call.call.connectionId);
    return connection ? { stored: call.call.recording.state === "stored", connection } : null;
  });
  if (!found) return;
  const { connection } = found;
  if (found.stored) return deleteTwilioCopy(connection, recordingSid);

  let fileId: string;
  try {
    const body = await downloadRecording(connection, recordingSid);
    const file = await storeFile({ organizationId, kind: "call_recording", contentType: "audio/mpeg", originalName: `${recordingSid}.mp3`, body, maxBytes: MAX_RECORDING_BYTES, communicationId: callId });
    fileId = file.id;
  } catch (error) {
    const permanent = error instanceof FileTooLargeError || (error instanceof RecordingDownloadError && (error.status === 401 || error.status === 403));
    if (!permanent && !options.lastAttempt) throw error;
    log.warn({ callId, recordingSid, error: error instanceof Error ? error.message : String(error) }, "a call recording could not be copied; Twilio keeps it");
    await withOrganization(organizationId, async (db) => {
      const call = await lockCall(db, organizationId, callId);
      if (call?.call.recording && call.call.recording.state === "pending") {
        await saveCall(db, organizationId, call, { call: { recording: { ...call.call.recording, state: "failed" } } });
      }
    });
    return;
  }
  const kept = await withOrganization(organizationId, async (db) => {
    const call = await lockCall(db, organizationId, callId);
    if (!call?.call.recording || call.call.recording.recordingSid !== recordingSid || call.call.recording.state === "stored") return false;
    const transcript = await planCallTranscript(db, organizationId, callId);
    await saveCall(db, organizationId, call, { call: { recording: { ...call.call.recording, state: "stored", fileId }, transcript } });
    return true;
  });
  // Another run stored it first (or the call went away): ours is a spare copy.
  if (!kept) return void (await deleteFile(organizationId, fileId));
  await deleteTwilioCopy(connection, recordingSid);
}
