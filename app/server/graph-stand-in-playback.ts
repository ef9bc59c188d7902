import { randomBytes } from "node:crypto";
import { signWhatsAppBody } from "~/modules/whatsapp/webhook-signature.server";

export interface WebhookTarget {
  url: string;
  appSecret: string;
}

export interface WebhookDelivery {
  url: string;
  /** The app's HTTP status, or null when it could not be reached on any attempt. */
  status: number | null;
  body: string;
}

export interface PlaybackTiming {
  /** Between the accepted send and `sent`, and between each later status. */
  statusIntervalMs: number;
  /** Attempts per webhook; the app may still be starting when the first status is due. */
  attempts: number;
  retryDelayMs: number;
}

interface StatusPlayback {
  target: WebhookTarget;
  wabaId: string;
  phoneNumber: { id: string; display: string };
  messageId: string;
  recipient: string;
}

/**
 * Plays back what Meta reports after an accepted send: `sent`, `delivered`,
 * `read`, each as its own signed webhook, in order. Failures are recorded and
 * swallowed: the stand-in must never take the process down with it.
 */
export function createStatusPlayer(timing: PlaybackTiming, deliveries: WebhookDelivery[]) {
  const stop = new AbortController();

  // Ends early on stop(); the listener goes away with the timer so a long demo session does not pile them up.
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const onStop = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        stop.signal.removeEventListener("abort", onStop);
        resolve();
      }, ms);
      stop.signal.addEventListener("abort", onStop, { once: true });
    });

  async function deliver(target: WebhookTarget, payload: unknown): Promise<void> {
    const body = JSON.stringify(payload);
    const delivery: WebhookDelivery = { url: target.url, status: null, body };
    for (let attempt = 1; attempt <= timing.attempts && !stop.signal.aborted; attempt++) {
      try {
        const response = await fetch(target.url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hub-signature-256": signWhatsAppBody(body, target.appSecret) },
          body,
          signal: AbortSignal.any([stop.signal, AbortSignal.timeout(5_000)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        delivery.status = response.status;
        if (response.ok) break;
      } catch {
        // Not up yet, or closing: the next attempt (if any) decides.
      }
      if (attempt < timing.attempts) await pause(timing.retryDelayMs);
    }
    deliveries.push(delivery);
  }

  return {
    play(playback: StatusPlayback): void {
      const conversation = { id: randomBytes(16).toString("hex"), origin: { type: "service" } };
      const pricing = { billable: false, pricing_model: "CBP", category: "service" };
      void (async () => {
        for (const status of ["sent", "delivered", "read"] as const) {
          await pause(timing.statusIntervalMs);
          if (stop.signal.aborted) return;
          const item = {
            id: playback.messageId,
            status,
            timestamp: String(Math.floor(Date.now() / 1000)),
            recipient_id: playback.recipient,
            ...(status === "read" ? {} : { conversation, pricing }),
          };
          await deliver(playback.target, statusBody(playback, item));
        }
      })().catch(() => undefined);
    },
    stop(): void {
      stop.abort();
    },
  };
}

function statusBody(playback: StatusPlayback, status: Record<string, unknown>) {
  const metadata = { display_phone_number: playback.phoneNumber.display.replace(/\D/g, ""), phone_number_id: playback.phoneNumber.id };
  return {
    object: "whatsapp_business_account",
    entry: [{ id: playback.wabaId, changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata, statuses: [status] } }] }],
  };
}
