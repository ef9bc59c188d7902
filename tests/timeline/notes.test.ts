import { beforeAll, describe, expect, it } from "vitest";
import { signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { getJson, organizationId, postBoard, stagesOf, userByEmail } from "../board/support";
import type { TimelinePage } from "~/lib/timeline";

/**
 * Notes on a lead's timeline over HTTP: members and above write them, only
 * their author changes or deletes them and only for 15 minutes, each change
 * is one event for the team, and a refusal changes nothing.
 */
describe("notes", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;
  let auroraId = "";
  let stageId = "";

  beforeAll(async () => {
    clients = await signInDemoCast(server);
    auroraId = await organizationId(db, "aurora");
    stageId = (await stagesOf(db, auroraId))[0].id;
  });

  async function freshLead() {
    const fullName = `Lead de notas ${Math.random().toString(36).slice(2)}`;
    const created = await postBoard(clients.owner, "aurora", { intent: "create", stageId, fullName });
    expect(created.status).toBe(200);
    const [row] = await db.adminQuery<{ id: string; version: number }>("select id, version from leads where full_name = $1", [fullName]);
    return row;
  }
  const post = (client: TestClient, leadId: string, form: Record<string, string>) => client.post(`/o/aurora/leads/${leadId}.data`, form);
  const notesOf = (leadId: string) =>
    db.adminQuery<{ id: string; content: string; author_id: string; edited_at: Date | null; channel: string; direction: string }>(
      "select id, content, author_id, edited_at, channel, direction from communications where lead_id = $1 order by sent_at",
      [leadId],
    );
  const eventsOf = (leadId: string) =>
    db.adminQuery<{ type: string; data: Record<string, unknown> }>(
      "select type, data from realtime_events where organization_id = $1 and data->>'leadId' = $2 and type like 'note.%' order by event_id",
      [auroraId, leadId],
    );

  it("a member adds a note: one row, one event, the lead's version and last contact untouched", async () => {
    const lead = await freshLead();
    const rep = (await userByEmail(db, "rep@aurora.test")).id;
    const answer = await post(clients.rep, lead.id, { intent: "add-note", content: "  Pediu proposta até sexta  " });
    expect(answer.status).toBe(200);
    const notes = await notesOf(lead.id);
    expect(notes).toMatchObject([{ content: "Pediu proposta até sexta", author_id: rep, channel: "note", direction: "internal" }]);
    expect(await eventsOf(lead.id)).toMatchObject([{ type: "note.created", data: { noteId: notes[0].id, leadId: lead.id, authorId: rep } }]);
    const [after] = await db.adminQuery<{ version: number; last_contact_at: Date | null }>("select version, last_contact_at from leads where id = $1", [lead.id]);
    expect(after).toEqual({ version: lead.version, last_contact_at: null });
  });

  it("refuses an empty, over-long or NUL note and a viewer's note, changing nothing", async () => {
    const lead = await freshLead();
    expect((await post(clients.rep, lead.id, { intent: "add-note", content: "   " })).status).toBe(400);
    expect((await post(clients.rep, lead.id, { intent: "add-note", content: "x".repeat(5001) })).status).toBe(400);
    expect((await post(clients.rep, lead.id, { intent: "add-note", content: "a\0b" })).status).toBe(400);
    expect((await post(clients.rep, lead.id, { intent: "add-note" })).status).toBe(400);
    expect([403, 404]).toContain((await post(clients.viewer, lead.id, { intent: "add-note", content: "olá" })).status);
    expect(await notesOf(lead.id)).toEqual([]);
    expect(await eventsOf(lead.id)).toEqual([]);
  });

  it("another organization's lead is not found", async () => {
    const lead = await freshLead();
    expect((await clients.boreal.post(`/o/boreal/leads/${lead.id}.data`, { intent: "add-note", content: "intruso" })).status).toBe(404);
    expect(await notesOf(lead.id)).toEqual([]);
  });

  it("the author edits and deletes their note within 15 minutes; each is one event", async () => {
    const lead = await freshLead();
    await post(clients.rep, lead.id, { intent: "add-note", content: "primeira versão" });
    const [note] = await notesOf(lead.id);
    expect((await post(clients.rep, lead.id, { intent: "edit-note", noteId: note.id, content: "segunda versão" })).status).toBe(200);
    const [edited] = await notesOf(lead.id);
    expect(edited.content).toBe("segunda versão");
    expect(edited.edited_at).not.toBeNull();
    expect((await post(clients.rep, lead.id, { intent: "delete-note", noteId: note.id })).status).toBe(200);
    expect(await notesOf(lead.id)).toEqual([]);
    expect((await eventsOf(lead.id)).map((event) => event.type)).toEqual(["note.created", "note.updated", "note.deleted"]);
  });

  it("nobody but the author changes a note, not even the owner; after 15 minutes not even the author", async () => {
    const lead = await freshLead();
    await post(clients.rep, lead.id, { intent: "add-note", content: "do representante" });
    const [note] = await notesOf(lead.id);
    for (const other of [clients.owner, clients.manager]) {
      expect((await post(other, lead.id, { intent: "edit-note", noteId: note.id, content: "alterada" })).status).toBe(403);
      expect((await post(other, lead.id, { intent: "delete-note", noteId: note.id })).status).toBe(403);
    }
    await db.adminQuery("update communications set created_at = now() - interval '16 minutes' where id = $1", [note.id]);
    expect((await post(clients.rep, lead.id, { intent: "edit-note", noteId: note.id, content: "tarde demais" })).status).toBe(409);
    expect((await post(clients.rep, lead.id, { intent: "delete-note", noteId: note.id })).status).toBe(409);
    expect(await notesOf(lead.id)).toMatchObject([{ content: "do representante", edited_at: null }]);
    expect((await eventsOf(lead.id)).map((event) => event.type)).toEqual(["note.created"]);
  });

  it("a note id from another lead or organization, or not a note, is not found", async () => {
    const [lead, other] = [await freshLead(), await freshLead()];
    await post(clients.rep, other.id, { intent: "add-note", content: "em outro lead" });
    const [note] = await notesOf(other.id);
    expect((await post(clients.rep, lead.id, { intent: "edit-note", noteId: note.id, content: "x" })).status).toBe(404);
    expect((await post(clients.rep, lead.id, { intent: "delete-note", noteId: note.id })).status).toBe(404);
    expect((await post(clients.rep, lead.id, { intent: "delete-note", noteId: "not-a-uuid" })).status).toBe(400);
    expect(await notesOf(other.id)).toHaveLength(1);
  });

  it("the lead page shows the newest page of the timeline with authors", async () => {
    const lead = await freshLead();
    await post(clients.rep, lead.id, { intent: "add-note", content: "visível na página" });
    const page = await getJson<string>(clients.viewer, `/o/aurora/leads/${lead.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("visível na página");
    expect(page.body).toContain('data-kind="note"');
  });

  it("older pages: 400 for a malformed cursor, 404 for another organization's lead", async () => {
    const lead = await freshLead();
    expect((await clients.rep.get(`/o/aurora/leads/${lead.id}/timeline?before=garbage`)).status).toBe(400);
    expect((await clients.rep.get(`/o/aurora/leads/${lead.id}/timeline`)).status).toBe(400);
    const cursor = `${Date.now()}_00000000-0000-4000-8000-000000000000`;
    expect((await clients.boreal.get(`/o/boreal/leads/${lead.id}/timeline?before=${cursor}`)).status).toBe(404);
    const empty = await getJson<TimelinePage>(clients.viewer, `/o/aurora/leads/${lead.id}/timeline?before=${cursor}`);
    expect(empty).toEqual({ status: 200, body: { entries: [], nextCursor: null } });
  });
});
