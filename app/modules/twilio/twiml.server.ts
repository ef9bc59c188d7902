import twilio from "twilio";

/**
 * The words Twilio speaks on our behalf, in pt-BR (the voice Twilio picks for
 * the language), and TwiML answers too small to need a builder of their own.
 */
export const SPOKEN = {
  recordingNotice: "Esta ligação pode ser gravada.",
  connecting: "Conectando com o lead.",
  voicemailGreeting: "Olá! No momento não conseguimos atender. Deixe seu nome e sua mensagem após o sinal que retornaremos em breve.",
  withheldNumber: "Desculpe, não recebemos ligações de número oculto. Tente novamente com o número visível.",
  unavailable: "Desculpe, não foi possível completar a ligação.",
} as const;

export type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

export function voiceResponse() {
  return new twilio.twiml.VoiceResponse();
}

export function say(response: VoiceResponse, text: string) {
  response.say({ language: "pt-BR" }, text);
  return response;
}

/** A `<Dial>`'s recording: both channels from the answer on, its end reported to the call's recording URL. */
export function dialRecording(record: boolean, recordingCallbackUrl: string) {
  if (!record) return {};
  return {
    record: "record-from-answer-dual" as const,
    recordingStatusCallback: recordingCallbackUrl,
    recordingStatusCallbackMethod: "POST" as const,
    recordingStatusCallbackEvent: ["completed" as const, "absent" as const],
  };
}

/** Ends the call, optionally saying why first. */
export function hangUp(text?: string) {
  const response = voiceResponse();
  if (text) say(response, text);
  response.hangup();
  return response.toString();
}
