import { describe, expect, it } from "vitest";
import { parseTwiml, TwimlError } from "./twiml";

describe("parseTwiml", () => {
  it("reads the verbs the stand-in runs, with attributes, entities, CDATA and comments", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <!-- click-to-call -->
      <Response>
        <Say language="pt-BR" voice='Polly.Camila'>Ligação gravada &amp; protegida pela LGPD &#8212; ok</Say>
        <Pause length="2"/>
        <Play>https://example.test/a.mp3</Play>
        <Dial action="/dial-done?step=1&amp;x=2" timeout="20" record="record-from-answer-dual" callerId="+551140000002">
          <Number url="/whisper" statusCallback="/child" statusCallbackEvent="initiated ringing answered completed">+5511987654321</Number>
        </Dial>
        <Dial>+5511912345678</Dial>
        <Record action="/voicemail" maxLength="120" playBeep="true" />
        <Redirect method="GET"><![CDATA[/next?a=1&b=2]]></Redirect>
        <Hangup/>
      </Response>`;
    expect(parseTwiml(xml)).toEqual([
      { verb: "Say", text: "Ligação gravada & protegida pela LGPD — ok", attributes: { language: "pt-BR", voice: "Polly.Camila" } },
      { verb: "Pause", lengthSeconds: 2 },
      { verb: "Play", url: "https://example.test/a.mp3", attributes: {} },
      {
        verb: "Dial",
        attributes: { action: "/dial-done?step=1&x=2", timeout: "20", record: "record-from-answer-dual", callerId: "+551140000002" },
        numbers: [{ number: "+5511987654321", attributes: { url: "/whisper", statusCallback: "/child", statusCallbackEvent: "initiated ringing answered completed" } }],
      },
      { verb: "Dial", attributes: {}, numbers: [{ number: "+5511912345678", attributes: {} }] },
      { verb: "Record", attributes: { action: "/voicemail", maxLength: "120", playBeep: "true" } },
      { verb: "Redirect", url: "/next?a=1&b=2", method: "GET" },
      { verb: "Hangup" },
    ]);
    expect(parseTwiml("<Response/>")).toEqual([]);
  });

  it("refuses what Twilio would not run, with its error 12100", () => {
    const broken = [
      "",
      "not xml",
      "<Response><Say>hi</Response>",
      "<Response><Say>hi</Say>",
      "<Resp></Resp>",
      "<Response><Sing>la</Sing></Response>",
      "<Response><Dial><Conference>room</Conference></Dial></Response>",
      "<Response><Dial></Dial></Response>",
      "<Response><Redirect/></Response>",
      '<Response><Say a="1" a="2">x</Say></Response>',
      "<Response><Say>&nbsp;</Say></Response>",
      "<Response></Response><Response></Response>",
    ];
    for (const xml of broken) {
      const error = (() => {
        try {
          parseTwiml(xml);
          return null;
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, xml).toBeInstanceOf(TwimlError);
      expect((error as TwimlError).code).toBe(12100);
    }
  });
});
