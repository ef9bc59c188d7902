import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { deleteObjects } from "~/modules/files/delete-objects.server";
import { forgetFiles } from "~/modules/files/forget-files.server";
import { redactCommunications } from "~/modules/timeline/redact-communications.server";
import { listTimeline } from "~/modules/timeline/list-timeline.server";
import { withOrganization } from "~/utils/db.server";
import { useTestDatabase } from "../support/database";
import { aFile, anOrganization, objectKeys } from "../files/support";

/**
 * The two primitives retention and data-subject deletion share: emptying
 * timeline entries (who/when/channel/direction stay) and removing files
 * (objects first, then rows, and the entries that showed them say so).
 */
describe("redaction primitives", () => {
  const db = useTestDatabase();
  let organizationId: string;
  let leadId: string;

  beforeAll(async () => {
    organizationId = await anOrganization(db);
    const [stage] = await db.adminQuery<{ id: string }>(
      "insert into pipeline_stages (id, organization_id, name, position, color, created_at, updated_at) values (gen_random_uuid(), $1, 'Novo', 0, '#888888', now(), now()) returning id",
      [organizationId],
    );
    [{ id: leadId }] = await db.adminQuery<{ id: string }>(
      "insert into leads (id, organization_id, full_name, stage_id, position, created_at, updated_at) values (gen_random_uuid(), $1, 'Titular Teste', $2, 'a0', now(), now()) returning id",
      [organizationId, stage.id],
    );
  });

  async function anEntry(channel: "whatsapp" | "phone" | "note", content: string, metadata: Record<string, unknown>) {
    const [row] = await db.adminQuery<{ id: string }>(
      `insert into communications (id, organization_id, lead_id, channel, direction, subject, content, metadata, status, sent_at, created_at, updated_at)
       values (gen_random_uuid(), $1, $2, $3, 'inbound', 'Assunto pessoal', $4, $5::jsonb, 'received', now() - interval '1 day', now(), now()) returning id`,
      [organizationId, leadId, channel, content, JSON.stringify(metadata)],
    );
    return row.id;
  }

  async function rowOf(id: string) {
    const [row] = await db.adminQuery<{ content: string; subject: string | null; metadata: Record<string, unknown>; redacted_at: Date | null; channel: string; direction: string; status: string }>(
      "select content, subject, metadata, redacted_at, channel, direction, status from communications where id = $1",
      [id],
    );
    return row;
  }

  it("empties a message's text, subject and personal metadata, keeping who/when/channel/direction and its media pointer", async () => {
    const fileId = randomUUID();
    const id = await anEntry("whatsapp", "Meu CPF é 123.456.789-00", {
      kind: "image",
      phoneNumberId: "1234",
      media: { kind: "image", mediaId: "wamid-media", fileId, state: "stored", mimeType: "image/jpeg", filename: "rg-frente.jpg", voice: false },
      contacts: [{ name: "Maria Souza", phones: ["+5511987654321"] }],
      location: { latitude: -23.5, longitude: -46.6, name: "Casa da Maria", address: "Rua X, 1" },
    });
    const at = new Date("2031-01-02T03:04:05Z");
    const redacted = await withOrganization(organizationId, (tx) => redactCommunications(tx, organizationId, [id], at));
    expect(redacted).toEqual([id]);
    const row = await rowOf(id);
    expect(row).toMatchObject({ content: "", subject: null, channel: "whatsapp", direction: "inbound", status: "received" });
    expect(row.redacted_at?.toISOString()).toBe(at.toISOString());
    expect(row.metadata).toEqual({ kind: "image", media: { kind: "image", fileId, state: "stored", mimeType: "image/jpeg", voice: false } });
    expect(JSON.stringify(row.metadata)).not.toMatch(/Maria|rg-frente|987654321|wamid/);
  });

  it("keeps a call's duration and outcome but not its numbers, note or transcript", async () => {
    const id = await anEntry("phone", "", {
      kind: "call",
      call: {
        connectionId: randomUUID(),
        orgNumber: "+551130000000",
        leadPhone: "+5511987654321",
        agentPhone: "+5511912345678",
        durationSeconds: 93,
        outcome: "answered",
        outcomeNote: "Maria pediu proposta",
        recording: { state: "stored", recordingSid: "RE123", fileId: null, durationSeconds: 90 },
        transcript: { state: "done", text: "Olá, aqui é a Maria", model: "gpt-4o-mini-transcribe", reason: null },
      },
    });
    await withOrganization(organizationId, (tx) => redactCommunications(tx, organizationId, [id], new Date()));
    const { metadata } = await rowOf(id);
    expect(metadata).toMatchObject({ kind: "call", call: { durationSeconds: 93, outcome: "answered", orgNumber: "+551130000000", leadPhone: "", recording: { state: "stored", durationSeconds: 90 } } });
    expect(JSON.stringify(metadata)).not.toMatch(/Maria|987654321|912345678|RE123|transcript/);
    // The timeline still reads it as a call, emptied.
    const page = await withOrganization(organizationId, (tx) => listTimeline(tx, organizationId, leadId, null));
    const entry = page.entries.find((candidate) => candidate.id === id);
    expect(entry?.kind).toBe("call");
    expect(entry?.call?.durationSeconds).toBe(93);
    expect(entry?.redactedAt).not.toBeNull();
  });

  it("leaves an entry redacted once alone, and touches nothing of another organization", async () => {
    const id = await anEntry("note", "Anotação", { kind: "note" });
    const first = await withOrganization(organizationId, (tx) => redactCommunications(tx, organizationId, [id], new Date("2031-01-01T00:00:00Z")));
    const again = await withOrganization(organizationId, (tx) => redactCommunications(tx, organizationId, [id], new Date("2032-01-01T00:00:00Z")));
    expect(first).toEqual([id]);
    expect(again).toEqual([]);
    expect((await rowOf(id)).redacted_at?.toISOString()).toBe("2031-01-01T00:00:00.000Z");

    // Another organization's redaction of this one's entry matches nothing (RLS and the organization filter).
    const untouched = await anEntry("note", "Intocada", { kind: "note" });
    const other = await anOrganization(db);
    expect(await withOrganization(other, (tx) => redactCommunications(tx, other, [untouched], new Date()))).toEqual([]);
    expect((await rowOf(untouched)).content).toBe("Intocada");
  });

  it("deletes objects (a key already gone included) and then the rows, marking the entries that showed them", async () => {
    const mediaEntry = await anEntry("whatsapp", "foto", { kind: "image" });
    const callEntry = await anEntry("phone", "", { kind: "call" });
    const media = await aFile(organizationId, { communicationId: mediaEntry });
    const recording = await aFile(organizationId, { kind: "call_recording", communicationId: callEntry });
    const kept = await aFile(organizationId);
    await db.adminQuery("update communications set metadata = jsonb_build_object('kind', 'image', 'media', jsonb_build_object('kind', 'image', 'fileId', $2::text, 'state', 'stored')) where id = $1", [mediaEntry, media.id]);
    await db.adminQuery(
      "update communications set metadata = jsonb_build_object('kind', 'call', 'call', jsonb_build_object('recording', jsonb_build_object('state', 'stored', 'fileId', $2::text))) where id = $1",
      [callEntry, recording.id],
    );
    const keys = (await db.adminQuery<{ storage_key: string }>("select storage_key from stored_files where id = any($1::uuid[])", [[media.id, recording.id]])).map((row) => row.storage_key);

    await deleteObjects([...keys, `org/${organizationId}/whatsapp_media/${randomUUID()}`]);
    expect((await objectKeys(organizationId)).filter((key) => keys.includes(key))).toEqual([]);
    const forgotten = await withOrganization(organizationId, (tx) => forgetFiles(tx, organizationId, [media.id, recording.id]));
    expect(forgotten).toBe(2);

    const remaining = await db.adminQuery<{ id: string }>("select id from stored_files where organization_id = $1", [organizationId]);
    expect(remaining.map((row) => row.id)).toEqual([kept.id]);
    expect((await rowOf(mediaEntry)).metadata).toMatchObject({ media: { state: "removed" } });
    expect((await rowOf(mediaEntry)).metadata).not.toHaveProperty("media.fileId", media.id);
    expect((await rowOf(callEntry)).metadata).toMatchObject({ call: { recording: { state: "removed", fileId: null } } });
    // Again (a retry after a crash): nothing left to forget.
    expect(await withOrganization(organizationId, (tx) => forgetFiles(tx, organizationId, [media.id, recording.id]))).toBe(0);
  });
});
