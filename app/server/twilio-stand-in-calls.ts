import { parseTwiml, TwimlError, type TwimlAttributes, type TwimlVerb } from "./twiml";
import {
  API_VERSION,
  method,
  newSid,
  recordingCallbackOf,
  rfc2822,
  seconds,
  statusCallbackOf,
  type CallEngineContext,
  type CallStatus,
  type OutboundRequest,
  type RecordingCallback,
  type StatusCallback,
  type TwilioStandInAccount,
  type TwilioStandInCall,
  type TwilioStandInRecording,
} from "./twilio-stand-in-model";
import { callApp, type TwilioCallbackKind } from "./twilio-stand-in-webhooks";

/**
 * What happens on the "phone network" once a call exists: ringing, answering
 * per the called phone's behaviour, running the app's TwiML (with <Dial> legs
 * of their own), recordings, and every status callback, in the order Twilio
 * makes them. Each step awaits the app's answer, so a test reads one
 * deterministic sequence.
 */

type Outcome = "answer" | "no-answer" | "busy" | "failed" | "canceled";

interface Leg {
  call: TwilioStandInCall;
  account: TwilioStandInAccount;
  statusCallback: StatusCallback | null;
  sequence: number;
  answeredAt: number | null;
  /** `call:simulate --no-answer`: nobody picks up the <Dial> legs of this call. */
  dialsUnanswered: boolean;
}

export function createCallEngine(context: CallEngineContext) {
  const { timings, policy } = context;
  const waiters = new Map<string, { promise: Promise<TwilioStandInCall>; resolve: (call: TwilioStandInCall) => void }>();

  function newLeg(account: TwilioStandInAccount, fields: Pick<TwilioStandInCall, "from" | "to" | "direction" | "parentCallSid">, statusCallback: StatusCallback | null): Leg {
    const now = new Date();
    const call: TwilioStandInCall = { sid: newSid("CA"), accountSid: account.accountSid, ...fields, status: "queued", dateCreated: now, dateUpdated: now, startTime: null, endTime: null, durationSeconds: null };
    context.calls.set(call.sid, call);
    let resolve!: (call: TwilioStandInCall) => void;
    const promise = new Promise<TwilioStandInCall>((done) => (resolve = done));
    waiters.set(call.sid, { promise, resolve });
    return { call, account, statusCallback, sequence: 0, answeredAt: null, dialsUnanswered: false };
  }

  const request = (leg: Leg, kind: TwilioCallbackKind, url: string, how: "GET" | "POST", params: Record<string, string>) =>
    callApp(policy, context.events, leg.account.authToken, { kind, callSid: leg.call.sid, url, method: how, params });

  /** What Twilio sends with every request about a call. */
  function callParams(leg: Leg, callStatus: string = leg.call.status): Record<string, string> {
    const { call } = leg;
    return {
      AccountSid: call.accountSid,
      ApiVersion: API_VERSION,
      CallSid: call.sid,
      CallStatus: callStatus,
      Called: call.to,
      Caller: call.from,
      Direction: call.direction,
      From: call.from,
      To: call.to,
      ...(call.parentCallSid ? { ParentCallSid: call.parentCallSid } : {}),
    };
  }

  function setStatus(leg: Leg, status: CallStatus) {
    leg.call.status = status;
    leg.call.dateUpdated = new Date();
  }

  async function report(leg: Leg, event: "initiated" | "ringing" | "answered" | "completed", callStatus: string, extra: Record<string, string> = {}) {
    const callback = leg.statusCallback;
    if (!callback?.events.has(event)) return;
    const params = {
      ...callParams(leg, callStatus),
      CallbackSource: "call-progress-events",
      SequenceNumber: String(leg.sequence++),
      Timestamp: rfc2822(new Date()),
      ...extra,
    };
    await request(leg, "status", callback.url, callback.method, params);
  }

  /** Initiated, then ringing unless the line is busy or dead, then the phone's outcome. */
  async function ring(leg: Leg, outcome: Outcome, ringMs: number, timeoutSeconds: number): Promise<Outcome> {
    await report(leg, "initiated", "initiated");
    if (outcome === "busy" || outcome === "failed") {
      await policy.pause(Math.min(ringMs, 200));
      return outcome;
    }
    setStatus(leg, "ringing");
    await report(leg, "ringing", "ringing");
    await policy.pause(outcome === "no-answer" ? Math.min(ringMs, timeoutSeconds * 1000) : ringMs);
    return policy.stopped.aborted ? "failed" : outcome;
  }

  async function answer(leg: Leg) {
    leg.answeredAt = Date.now();
    leg.call.startTime = new Date();
    setStatus(leg, "in-progress");
    await report(leg, "answered", "in-progress");
  }

  async function finish(leg: Leg, status: CallStatus) {
    setStatus(leg, status);
    leg.call.endTime = new Date();
    leg.call.durationSeconds = leg.answeredAt === null ? 0 : seconds(Date.now() - leg.answeredAt);
    await report(leg, "completed", status, status === "completed" ? { CallDuration: String(leg.call.durationSeconds) } : {});
    // A top-level call is over only after what follows its hang-up (a recording); its runner says when.
    if (leg.call.parentCallSid) settled(leg);
  }

  const settled = (leg: Leg) => waiters.get(leg.call.sid)?.resolve(leg.call);

  async function fetchTwiml(leg: Leg, kind: TwilioCallbackKind, url: string, how: "GET" | "POST", params: Record<string, string>): Promise<TwimlVerb[] | null> {
    const answer = await request(leg, kind, url, how, params);
    if (answer === null) {
      if (!policy.stopped.aborted) context.errors.push({ callSid: leg.call.sid, code: 11200, message: `HTTP retrieval failure: ${url}` });
      return null;
    }
    // Twilio runs only what is served as XML; an HTML error page, say, is its error 12300.
    if (!/^(text|application)\/xml\b/i.test(answer.contentType)) {
      context.errors.push({ callSid: leg.call.sid, code: 12300, message: `Invalid Content-Type ${answer.contentType || "(none)"}: ${url}` });
      return null;
    }
    return parseOrReport(leg, answer.body);
  }

  function parseOrReport(leg: Leg, xml: string): TwimlVerb[] | null {
    try {
      return parseTwiml(xml);
    } catch (error) {
      if (!(error instanceof TwimlError)) throw error;
      context.errors.push({ callSid: leg.call.sid, code: error.code, message: `Document parse failure: ${error.message}` });
      return null;
    }
  }

  function createRecording(leg: Leg, source: TwilioStandInRecording["source"], channels: 1 | 2, durationSeconds: number): TwilioStandInRecording {
    const recording: TwilioStandInRecording = { sid: newSid("RE"), accountSid: leg.call.accountSid, callSid: leg.call.sid, source, channels, durationSeconds, dateCreated: new Date(), deleted: false };
    context.recordings.push(recording);
    return recording;
  }

  const recordingUrl = (recording: TwilioStandInRecording) => `${context.baseUrl()}/${API_VERSION}/Accounts/${recording.accountSid}/Recordings/${recording.sid}`;

  /**
   * A finished recording, or none when the audio was silent (recording mode
   * `absent`), reported as Twilio does: `absent` only to those who asked for it.
   */
  async function recordingOutcome(leg: Leg, callback: RecordingCallback | null, source: TwilioStandInRecording["source"], channels: 1 | 2, durationSeconds: number) {
    const absent = context.recordingMode() === "absent";
    const recording = absent ? null : createRecording(leg, source, channels, durationSeconds);
    if (callback?.events.has(absent ? "absent" : "completed")) {
      await request(leg, "recording-status", callback.url, callback.method, {
        AccountSid: leg.call.accountSid,
        CallSid: leg.call.sid,
        RecordingSid: recording?.sid ?? newSid("RE"),
        ...(recording ? { RecordingUrl: recordingUrl(recording) } : {}),
        RecordingStatus: absent ? "absent" : "completed",
        RecordingDuration: String(recording?.durationSeconds ?? 0),
        RecordingChannels: String(channels),
        RecordingSource: source,
        RecordingStartTime: rfc2822(new Date(Date.now() - durationSeconds * 1000)),
        ErrorCode: "0",
      });
    }
    return recording;
  }

  type Next = { kind: "continue" } | { kind: "replace"; verbs: TwimlVerb[]; url: string } | { kind: "hangup" };

  /** Runs a document to its end, following Redirects and the TwiML that actions answer. */
  async function execute(leg: Leg, verbs: TwimlVerb[], documentUrl: string): Promise<void> {
    let document = verbs;
    let base = documentUrl;
    for (let index = 0; index < document.length && !policy.stopped.aborted; index++) {
      const next = await step(leg, document[index], base);
      if (next.kind === "hangup") return;
      if (next.kind === "replace") {
        document = next.verbs;
        base = next.url;
        index = -1;
      }
    }
  }

  async function step(leg: Leg, verb: TwimlVerb, base: string): Promise<Next> {
    switch (verb.verb) {
      case "Say":
      case "Play":
        context.played.push({ callSid: leg.call.sid, verb: verb.verb, content: verb.verb === "Say" ? verb.text : new URL(verb.url, base).toString() });
        await policy.pause(timings.promptMs);
        return { kind: "continue" };
      case "Pause":
        await policy.pause(Math.min(verb.lengthSeconds * 1000, timings.promptMs));
        return { kind: "continue" };
      case "Hangup":
        return { kind: "hangup" };
      case "Redirect": {
        const url = new URL(verb.url, base).toString();
        const verbs = await fetchTwiml(leg, "redirect", url, verb.method, callParams(leg));
        return verbs ? { kind: "replace", verbs, url } : { kind: "hangup" };
      }
      case "Record":
        return record(leg, verb.attributes, base);
      case "Dial":
        return dial(leg, verb, base);
    }
  }

  /** Voicemail: the caller leaves a message of talkMs and hangs up, as callers do. */
  async function record(leg: Leg, attributes: TwimlAttributes, base: string): Promise<Next> {
    await policy.pause(timings.promptMs);
    await policy.pause(Math.min(timings.talkMs, Number(attributes.maxLength ?? 3600) * 1000));
    const callback = recordingCallbackOf(attributes.recordingStatusCallback && new URL(attributes.recordingStatusCallback, base).toString(), attributes.recordingStatusCallbackMethod, attributes.recordingStatusCallbackEvent);
    const recording = await recordingOutcome(leg, callback, "RecordVerb", 1, seconds(timings.talkMs));
    // Silence: Twilio skips the action and goes on with the next verb.
    if (!recording) return { kind: "continue" };
    // Without an action Twilio requests the current document again; the caller has hung up, so its answer is not run.
    const action = new URL(attributes.action ?? base, base).toString();
    await request(leg, "record-action", action, method(attributes.method), {
      ...callParams(leg, "completed"),
      RecordingUrl: recordingUrl(recording),
      RecordingSid: recording.sid,
      RecordingDuration: String(recording.durationSeconds),
      Digits: "hangup",
    });
    return { kind: "hangup" };
  }

  async function dial(parent: Leg, verb: Extract<TwimlVerb, { verb: "Dial" }>, base: string): Promise<Next> {
    const { attributes } = verb;
    const timeoutSeconds = Number(attributes.timeout ?? 30) || 30;
    const recordMode = attributes.record ?? "do-not-record";
    const recorded = recordMode === "true" || recordMode.startsWith("record-from-");
    const legs = verb.numbers.map(({ number, attributes: noun }) => ({
      noun,
      leg: newLeg(
        parent.account,
        { from: attributes.callerId ?? parent.call.from, to: number, direction: "outbound-dial", parentCallSid: parent.call.sid },
        statusCallbackOf(noun.statusCallback && new URL(noun.statusCallback, base).toString(), noun.statusCallbackMethod, noun.statusCallbackEvent),
      ),
    }));
    const outcomes: Outcome[] = legs.map(({ leg }) => (parent.dialsUnanswered ? "no-answer" : context.phone(leg.call.to)));
    // Numbers ring at once and the first to pick up wins; the others are hung up on.
    const winner = outcomes.indexOf("answer");
    const results = await Promise.all(
      legs.map(async ({ leg, noun }, index) => {
        const outcome = await ring(leg, index === winner || outcomes[index] !== "answer" ? outcomes[index] : "canceled", timings.dialRingMs, timeoutSeconds);
        if (index !== winner) {
          await finish(leg, outcome === "canceled" ? "canceled" : (outcome as CallStatus));
          return { leg, bridgedMs: 0 };
        }
        await answer(leg);
        const connected = await whisper(leg, noun, base);
        const bridgedAt = Date.now();
        if (connected) await policy.pause(timings.talkMs);
        const bridgedMs = connected ? Date.now() - bridgedAt : 0;
        await finish(leg, "completed");
        return { leg, bridgedMs };
      }),
    );

    const chosen = winner >= 0 ? results[winner] : results[0];
    const dialStatus = winner >= 0 ? "completed" : outcomes.includes("no-answer") ? "no-answer" : outcomes.includes("busy") ? "busy" : "failed";
    const callback = recordingCallbackOf(attributes.recordingStatusCallback && new URL(attributes.recordingStatusCallback, base).toString(), attributes.recordingStatusCallbackMethod, attributes.recordingStatusCallbackEvent);
    const recording = recorded && chosen.bridgedMs > 0 ? await recordingOutcome(parent, callback, "DialVerb", recordMode.endsWith("-dual") ? 2 : 1, seconds(chosen.bridgedMs)) : null;
    if (!attributes.action) return { kind: "continue" };
    const action = new URL(attributes.action, base).toString();
    const verbs = await fetchTwiml(parent, "dial-action", action, method(attributes.method), {
      ...callParams(parent),
      DialCallStatus: dialStatus,
      DialCallSid: chosen.leg.call.sid,
      DialCallDuration: String(seconds(chosen.bridgedMs)),
      DialBridged: String(chosen.bridgedMs > 0),
      ...(recording ? { RecordingUrl: recordingUrl(recording), RecordingSid: recording.sid, RecordingDuration: String(recording.durationSeconds) } : {}),
    });
    return verbs ? { kind: "replace", verbs, url: action } : { kind: "hangup" };
  }

  /** `<Number url>`: TwiML the called party hears before the two are connected; a <Hangup> there declines the call. */
  async function whisper(leg: Leg, noun: TwimlAttributes, base: string): Promise<boolean> {
    if (!noun.url) return true;
    const url = new URL(noun.url, base).toString();
    const verbs = await fetchTwiml(leg, "whisper", url, method(noun.method), callParams(leg));
    if (!verbs) return false;
    for (const verb of verbs) {
      if (verb.verb === "Hangup") return false;
      if (verb.verb === "Say" || verb.verb === "Play" || verb.verb === "Pause") await step(leg, verb, url);
    }
    return !policy.stopped.aborted;
  }

  async function runOutbound(leg: Leg, options: OutboundRequest) {
    await policy.pause(10);
    const outcome = await ring(leg, context.phone(leg.call.to), timings.ringMs, options.timeoutSeconds);
    if (outcome !== "answer") {
      await finish(leg, outcome as CallStatus);
      return settled(leg);
    }
    await answer(leg);
    const verbs = options.twiml !== null ? parseOrReport(leg, options.twiml) : await fetchTwiml(leg, "voice", options.url!, options.method, callParams(leg));
    if (verbs) await execute(leg, verbs, options.url ?? `${context.baseUrl()}/`);
    const talked = seconds(Date.now() - leg.answeredAt!);
    await finish(leg, "completed");
    if (options.record) await recordingOutcome(leg, options.recording, "OutboundAPI", options.recordingDual ? 2 : 1, talked);
    settled(leg);
  }

  async function runInbound(leg: Leg, voiceUrl: string) {
    setStatus(leg, "ringing");
    const verbs = await fetchTwiml(leg, "voice", voiceUrl, "POST", callParams(leg));
    // Twilio picks up to run the TwiML (or to play its "application error" message).
    leg.answeredAt = Date.now();
    leg.call.startTime = new Date();
    setStatus(leg, "in-progress");
    if (verbs) await execute(leg, verbs, voiceUrl);
    await finish(leg, "completed");
    settled(leg);
  }

  const settle = (leg: Leg) => (error: unknown) => {
    context.errors.push({ callSid: leg.call.sid, code: 0, message: `stand-in failure: ${error instanceof Error ? error.message : String(error)}` });
    settled(leg);
  };

  return {
    startOutbound(account: TwilioStandInAccount, fields: { from: string; to: string }, statusCallback: StatusCallback | null, options: OutboundRequest): TwilioStandInCall {
      const leg = newLeg(account, { ...fields, direction: "outbound-api", parentCallSid: null }, statusCallback);
      runOutbound(leg, options).catch(settle(leg));
      return leg.call;
    },
    startInbound(account: TwilioStandInAccount, fields: { from: string; to: string }, options: { dialsUnanswered: boolean }): TwilioStandInCall {
      if (!account.voiceUrl) throw new Error(`${fields.to} has no voice URL configured`);
      const leg = newLeg(account, { ...fields, direction: "inbound", parentCallSid: null }, statusCallbackOf(account.statusCallbackUrl, "POST", undefined));
      leg.dialsUnanswered = options.dialsUnanswered;
      runInbound(leg, account.voiceUrl).catch(settle(leg));
      return leg.call;
    },
    /** Resolves once the call has ended and its last callback was answered (or given up on). */
    ended(callSid: string): Promise<TwilioStandInCall> {
      const waiter = waiters.get(callSid);
      return waiter ? waiter.promise : Promise.reject(new Error(`no call ${callSid} on the Twilio stand-in`));
    },
  };
}
