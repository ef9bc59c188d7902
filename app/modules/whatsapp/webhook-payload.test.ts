import { describe, expect, it } from "vitest";
import { parseWhatsAppWebhook } from "./webhook-payload.server";

const PHONE_ID = "104729381029384";
const SENDER = "5511987654321";
const TS = "1764400000";
const AT = new Date(1764400000 * 1000);

function body(value: Record<string, unknown>, field = "messages") {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "310000000000001",
        changes: [{ field, value: { messaging_product: "whatsapp", metadata: { display_phone_number: "551140000001", phone_number_id: PHONE_ID }, ...value } }],
      },
    ],
  };
}

function inbound(...messages: unknown[]) {
  return body({ contacts: [{ profile: { name: "Maria Souza" }, wa_id: SENDER }], messages });
}

const msg = (id: string, type: string, content: Record<string, unknown>) => ({ from: SENDER, id, timestamp: TS, type, ...content });

describe("parseWhatsAppWebhook: messages", () => {
  it("reads a text message with its sender's profile and uses the wamid as dedup key", () => {
    expect(parseWhatsAppWebhook(inbound(msg("wamid.T1", "text", { text: { body: "Oi, quero um orçamento" } })))).toEqual([
      {
        kind: "message",
        phoneNumberId: PHONE_ID,
        displayPhoneNumber: "551140000001",
        contact: { waId: SENDER, profileName: "Maria Souza" },
        message: { id: "wamid.T1", from: SENDER, timestamp: AT, type: "text", body: "Oi, quero um orçamento" },
        dedupKey: "wamid.T1",
      },
    ]);
  });

  it.each([
    ["image", { id: "m1", mime_type: "image/jpeg", sha256: "abc", caption: "Fachada" }, { mediaId: "m1", mimeType: "image/jpeg", sha256: "abc", caption: "Fachada" }],
    ["video", { id: "m2", mime_type: "video/mp4", sha256: "def" }, { mediaId: "m2", mimeType: "video/mp4", sha256: "def" }],
    ["audio", { id: "m3", mime_type: "audio/ogg; codecs=opus", sha256: "ghi", voice: true }, { mediaId: "m3", mimeType: "audio/ogg; codecs=opus", sha256: "ghi", voice: true }],
    [
      "document",
      { id: "m4", mime_type: "application/pdf", sha256: "jkl", filename: "proposta.pdf", caption: "Segue" },
      { mediaId: "m4", mimeType: "application/pdf", sha256: "jkl", filename: "proposta.pdf", caption: "Segue" },
    ],
    ["sticker", { id: "m5", mime_type: "image/webp", sha256: "mno", animated: false }, { mediaId: "m5", mimeType: "image/webp", sha256: "mno" }],
  ])("reads a %s message as its media id and type", (type, content, expected) => {
    const [item] = parseWhatsAppWebhook(inbound(msg("wamid.M", type, { [type]: content })));
    expect(item).toMatchObject({ kind: "message", message: { id: "wamid.M", type, ...expected } });
    expect(item.kind === "message" && item.message).toEqual({ id: "wamid.M", from: SENDER, timestamp: AT, type, ...expected });
  });

  it("reads location, shared contacts, button and list replies, template buttons and reactions", () => {
    const items = parseWhatsAppWebhook(
      inbound(
        msg("wamid.L", "location", { location: { latitude: -23.56, longitude: -46.65, name: "Escritório", address: "Av. Paulista, 1000" } }),
        msg("wamid.C", "contacts", {
          contacts: [{ name: { formatted_name: "João Lima", first_name: "João" }, phones: [{ phone: "+55 11 91234-5678", wa_id: "5511912345678", type: "CELL" }] }, { name: { formatted_name: "Sem Telefone" } }],
        }),
        msg("wamid.B", "interactive", { interactive: { type: "button_reply", button_reply: { id: "sim", title: "Sim" } } }),
        msg("wamid.LR", "interactive", { interactive: { type: "list_reply", list_reply: { id: "plano-2", title: "Plano Pro", description: "R$ 990/mês" } } }),
        msg("wamid.TB", "button", { button: { payload: "QUERO_PROPOSTA", text: "Quero a proposta" }, context: { from: "551140000001", id: "wamid.SENT" } }),
        msg("wamid.R", "reaction", { reaction: { message_id: "wamid.SENT", emoji: "👍" } }),
        msg("wamid.R2", "reaction", { reaction: { message_id: "wamid.SENT" } }),
      ),
    );
    expect(items.map((item) => item.kind === "message" && item.message)).toEqual([
      { id: "wamid.L", from: SENDER, timestamp: AT, type: "location", latitude: -23.56, longitude: -46.65, name: "Escritório", address: "Av. Paulista, 1000" },
      {
        id: "wamid.C",
        from: SENDER,
        timestamp: AT,
        type: "contacts",
        contacts: [
          { name: "João Lima", phones: ["+55 11 91234-5678"] },
          { name: "Sem Telefone", phones: [] },
        ],
      },
      { id: "wamid.B", from: SENDER, timestamp: AT, type: "interactive", replyId: "sim", title: "Sim" },
      { id: "wamid.LR", from: SENDER, timestamp: AT, type: "interactive", replyId: "plano-2", title: "Plano Pro", description: "R$ 990/mês" },
      { id: "wamid.TB", from: SENDER, timestamp: AT, type: "button", payload: "QUERO_PROPOSTA", text: "Quero a proposta", context: { id: "wamid.SENT" } },
      { id: "wamid.R", from: SENDER, timestamp: AT, type: "reaction", targetMessageId: "wamid.SENT", emoji: "👍" },
      { id: "wamid.R2", from: SENDER, timestamp: AT, type: "reaction", targetMessageId: "wamid.SENT", emoji: "" },
    ]);
  });

  it("reads a numeric timestamp like a string one", () => {
    const [item] = parseWhatsAppWebhook(inbound({ ...msg("wamid.NUM", "text", { text: { body: "oi" } }), timestamp: 1764400000 }));
    expect(item.kind === "message" && item.message.timestamp).toEqual(AT);
  });

  it("keeps a reply's context id", () => {
    const [item] = parseWhatsAppWebhook(inbound(msg("wamid.Q", "text", { text: { body: "Isso" }, context: { from: "551140000001", id: "wamid.ORIG" } })));
    expect(item.kind === "message" && item.message.context).toEqual({ id: "wamid.ORIG" });
  });

  it("reads unsupported and legacy unknown messages with their error title", () => {
    const errors = [{ code: 131051, title: "Message type unknown", message: "Message type unknown", error_data: { details: "Message type is currently not supported." } }];
    const items = parseWhatsAppWebhook(inbound(msg("wamid.U1", "unsupported", { errors, unsupported: { type: "poll" } }), msg("wamid.U2", "unknown", { errors }), msg("wamid.U3", "unsupported", {})));
    expect(items.map((item) => item.kind === "message" && item.message)).toEqual([
      { id: "wamid.U1", from: SENDER, timestamp: AT, type: "unsupported", errorTitle: "Message type unknown" },
      { id: "wamid.U2", from: SENDER, timestamp: AT, type: "unsupported", errorTitle: "Message type unknown" },
      { id: "wamid.U3", from: SENDER, timestamp: AT, type: "unsupported" },
    ]);
  });

  it("leaves the contact out when the batch has no profile for that sender", () => {
    const [item] = parseWhatsAppWebhook(body({ contacts: [{ profile: { name: "Outra" }, wa_id: "5521999990000" }], messages: [msg("wamid.N", "text", { text: { body: "oi" } })] }));
    expect(item.kind).toBe("message");
    expect(item).not.toHaveProperty("contact");
  });
});

describe("parseWhatsAppWebhook: batches and bad items", () => {
  it("keeps the good siblings of a bad message, in order, and says why the bad one was dropped", () => {
    const items = parseWhatsAppWebhook(
      inbound(
        msg("wamid.G1", "text", { text: { body: "primeira" } }),
        msg("wamid.BAD", "image", { image: { caption: "sem id" } }),
        { id: "wamid.NOFROM", timestamp: TS, type: "text", text: { body: "x" } },
        msg("wamid.ORDER", "order", { order: { catalog_id: "1" } }),
        msg("wamid.FLOW", "interactive", { interactive: { type: "nfm_reply", nfm_reply: { response_json: "{}" } } }),
        msg("wamid.LONG", "text", { text: { body: "x".repeat(10_000) } }),
        "not an object",
        msg("wamid.G2", "text", { text: { body: "segunda" } }),
      ),
    );
    expect(items.map((item) => item.kind)).toEqual(["message", "ignored", "ignored", "ignored", "ignored", "ignored", "ignored", "message"]);
    expect(items.map((item) => (item.kind === "ignored" ? item.reason : item.dedupKey))).toEqual([
      "wamid.G1",
      expect.stringContaining("wamid.BAD"),
      expect.stringContaining("from"),
      expect.stringContaining('"order" is not handled'),
      expect.stringContaining("wamid.FLOW"),
      expect.stringContaining("wamid.LONG"),
      expect.any(String),
      "wamid.G2",
    ]);
  });

  it("flattens several entries and changes, messages before statuses of each change", () => {
    const first = body({ messages: [msg("wamid.A", "text", { text: { body: "a" } })], statuses: [{ id: "wamid.OUT", status: "sent", timestamp: TS, recipient_id: SENDER }] });
    const second = body({ messages: [msg("wamid.B", "text", { text: { body: "b" } })] });
    const both = { object: "whatsapp_business_account", entry: [...first.entry, ...second.entry] };
    expect(parseWhatsAppWebhook(both).map((item) => item.kind !== "ignored" && item.dedupKey)).toEqual(["wamid.A", "wamid.OUT:sent", "wamid.B"]);
  });

  it("ignores other objects, other fields, empty changes and bodies that are not webhooks", () => {
    expect(parseWhatsAppWebhook({ object: "page", entry: [] })).toEqual([{ kind: "ignored", reason: expect.stringContaining('"page"') }]);
    expect(parseWhatsAppWebhook(body({ messages: [] }, "account_update"))).toEqual([{ kind: "ignored", reason: expect.stringContaining("account_update") }]);
    expect(parseWhatsAppWebhook(body({}))).toEqual([{ kind: "ignored", reason: expect.stringContaining("neither") }]);
    expect(parseWhatsAppWebhook(body({ metadata: undefined, messages: [msg("wamid.X", "text", { text: { body: "x" } })] }))).toEqual([{ kind: "ignored", reason: expect.stringContaining("metadata") }]);
    for (const junk of [null, "text", 42, [], { entry: "x" }]) {
      expect(parseWhatsAppWebhook(junk)).toEqual([{ kind: "ignored", reason: expect.any(String) }]);
    }
  });

  it("refuses absurd nesting and oversized arrays without walking them", () => {
    let deep: unknown = {};
    for (let level = 0; level < 10_000; level++) deep = { x: deep };
    expect(parseWhatsAppWebhook({ object: "whatsapp_business_account", entry: [deep] })).toEqual([{ kind: "ignored", reason: expect.stringContaining("nested") }]);
    const many = Array.from({ length: 1001 }, (_, n) => msg(`wamid.${n}`, "text", { text: { body: "x" } }));
    expect(parseWhatsAppWebhook(inbound(...many))).toEqual([{ kind: "ignored", reason: expect.stringContaining("messages") }]);
  });
});

describe("parseWhatsAppWebhook: statuses", () => {
  it("reads sent, delivered and read with conversation and pricing, keyed by wamid and status", () => {
    const conversation = { id: "CONV1", expiration_timestamp: TS, origin: { type: "service" } };
    const pricing = { billable: true, pricing_model: "CBP", category: "service" };
    const items = parseWhatsAppWebhook(
      body({
        statuses: ["sent", "delivered", "read"].map((status) => ({ id: "wamid.OUT", status, timestamp: TS, recipient_id: SENDER, conversation, pricing })),
      }),
    );
    expect(items).toEqual(
      ["sent", "delivered", "read"].map((status) => ({
        kind: "status",
        phoneNumberId: PHONE_ID,
        status: { id: "wamid.OUT", status, timestamp: AT, recipientId: SENDER },
        dedupKey: `wamid.OUT:${status}`,
      })),
    );
  });

  it("reads a failed status with its errors and ignores statuses it does not know", () => {
    const items = parseWhatsAppWebhook(
      body({
        statuses: [
          {
            id: "wamid.F",
            status: "failed",
            timestamp: TS,
            recipient_id: SENDER,
            errors: [{ code: 131047, title: "Re-engagement message", message: "Re-engagement message", error_data: { details: "Message failed to send because more than 24 hours have passed." } }],
          },
          { id: "wamid.P", status: "played", timestamp: TS, recipient_id: SENDER },
        ],
      }),
    );
    expect(items[0]).toEqual({
      kind: "status",
      phoneNumberId: PHONE_ID,
      status: {
        id: "wamid.F",
        status: "failed",
        timestamp: AT,
        recipientId: SENDER,
        errors: [{ code: 131047, title: "Re-engagement message", message: "Re-engagement message", details: "Message failed to send because more than 24 hours have passed." }],
      },
      dedupKey: "wamid.F:failed",
    });
    expect(items[1]).toEqual({ kind: "ignored", reason: expect.stringContaining("status") });
  });
});
