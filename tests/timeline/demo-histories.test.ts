import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_WHATSAPP_CONNECTIONS } from "@db/seeds/demo-whatsapp";
import { WHATSAPP_WINDOW_MS } from "~/lib/timeline";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId } from "../board/support";
import { download } from "../files/support";

interface Message {
  id: string;
  lead_id: string;
  direction: string;
  status: string;
  external_id: string;
  metadata: { kind: string; phoneNumberId: string; connectionId: string; media?: { kind: string; fileId: string; state: string; voice: boolean }; error?: { code: number } };
  sent_at: Date;
}

/** The demo seed's WhatsApp histories, as the pipeline and the media worker would have left them. */
describe("demo WhatsApp histories", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const rep = new TestClient(server);
  let aurora = "";
  let messages: Message[] = [];

  beforeAll(async () => {
    aurora = await organizationId(db, "aurora");
    await rep.login("rep@aurora.test");
    messages = await db.adminQuery<Message>(
      `select id, lead_id, direction, status, external_id, metadata, sent_at from communications
        where organization_id = $1 and external_id like 'wamid.demo.%' order by sent_at`,
      [aurora],
    );
  });

  it("gives a few Aurora leads messages both ways on the demo number, with the statuses Meta reports", async () => {
    const [connection] = await db.adminQuery<{ id: string }>("select id from whatsapp_connections where organization_id = $1", [aurora]);
    expect(new Set(messages.map((message) => message.lead_id)).size).toBe(4);
    for (const message of messages) {
      expect(message.metadata).toMatchObject({ phoneNumberId: DEMO_WHATSAPP_CONNECTIONS.aurora.phoneNumbers[0].id, connectionId: connection.id });
    }
    expect(new Set(messages.filter((m) => m.direction === "outbound").map((m) => m.status))).toEqual(new Set(["read", "delivered", "failed"]));
    expect(messages.find((m) => m.status === "failed")!.metadata.error).toEqual({ code: 131047, title: "Re-engagement message" });
    const [notes] = await db.adminQuery<{ n: number }>(
      `select count(*)::int as n from communications where lead_id = any($1) and channel = 'note' and metadata->>'kind' = 'note' and author_id is not null`,
      [[...new Set(messages.map((m) => m.lead_id))]],
    );
    expect(notes.n).toBeGreaterThanOrEqual(2);
  });

  it("stores a picture and a voice note that members can open through the files route", async () => {
    const media = messages.filter((message) => message.metadata.media);
    expect(media.map((m) => [m.metadata.kind, m.metadata.media!.state, m.metadata.media!.voice])).toEqual([
      ["audio", "stored", true],
      ["image", "stored", false],
    ]);
    for (const message of media) {
      const [file] = await db.adminQuery<{ communication_id: string }>("select communication_id from stored_files where id = $1", [message.metadata.media!.fileId]);
      expect(file.communication_id).toBe(message.id);
      const response = await download(server, rep, `/o/aurora/files/${message.metadata.media!.fileId}`);
      expect(response.status).toBe(200);
      const signature = message.metadata.kind === "image" ? "\x89PNG" : "RIFF";
      expect(response.bytes.subarray(0, 4).toString("latin1")).toBe(signature);
    }
    const image = media.find((m) => m.metadata.kind === "image")!;
    const page = await rep.get(`/o/aurora/leads/${image.lead_id}`);
    expect(page.body).toContain(`/o/aurora/files/${image.metadata.media!.fileId}`);
  });

  it("leaves each lead its last contact, one WhatsApp window closed, and unread messages on some", async () => {
    const leads = await db.adminQuery<{ id: string; last_contact_at: Date; last_contact_channel: string; last_inbound_at: Date; unread_count: number }>(
      "select id, last_contact_at, last_contact_channel, last_inbound_at, unread_count from leads where id = any($1)",
      [[...new Set(messages.map((m) => m.lead_id))]],
    );
    const now = Date.now();
    for (const lead of leads) {
      const own = messages.filter((m) => m.lead_id === lead.id);
      expect(lead.last_contact_at).toEqual(own.at(-1)!.sent_at);
      expect(lead.last_contact_channel).toBe("whatsapp");
      expect(lead.last_inbound_at).toEqual(own.filter((m) => m.direction === "inbound").at(-1)!.sent_at);
    }
    expect(leads.filter((lead) => now - lead.last_inbound_at.getTime() > WHATSAPP_WINDOW_MS)).toHaveLength(1);
    expect(leads.filter((lead) => lead.unread_count > 0).length).toBeGreaterThanOrEqual(2);
  });

  it("gives Boreal its own history, on its own number", async () => {
    const boreal = await organizationId(db, "boreal");
    const rows = await db.adminQuery<{ phone_number_id: string }>(
      "select metadata->>'phoneNumberId' as phone_number_id from communications where organization_id = $1 and external_id like 'wamid.demo.%'",
      [boreal],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.phone_number_id))).toEqual(new Set([DEMO_WHATSAPP_CONNECTIONS.boreal.phoneNumbers[0].id]));
  });
});
