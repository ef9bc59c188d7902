import { afterAll, describe, expect, it } from "vitest";
import type { RealtimeMessage } from "~/modules/realtime/events";
import { OrganizationFeed } from "~/modules/realtime/organization-feed.server";
import { closeRealtime } from "~/modules/realtime/realtime.server";
import type { HubClient } from "~/modules/realtime/stream-registry.server";
import { useTestDatabase } from "../support/database";
import { commitEvent, eventually, organizationIds } from "./helpers";

/**
 * With several web processes, an earlier commit's bus message can arrive
 * after a later one's. The feed waits for it instead of reading both rows
 * from the table, because only bus copies carry the live-only fields (a
 * moved card, ADR 016); a predecessor that never comes is read back.
 */
describe("an organization's feed when bus messages arrive out of order", () => {
  const db = useTestDatabase();
  afterAll(() => closeRealtime());

  function collectingFeed(organizationId: string, reorderWaitMs: number) {
    const received: { id: number; live: boolean }[] = [];
    const client: HubClient = {
      organizationId,
      userId: "u",
      fullName: "U",
      sessionId: "s",
      send(frame, id) {
        if (id === null) return;
        const data = JSON.parse(/\ndata: (.*)\n/.exec(new TextDecoder().decode(frame))![1]) as { live?: boolean };
        received.push({ id, live: data.live === true });
      },
      close() {},
    };
    const feed = new OrganizationFeed(organizationId, () => new Set([client]), { fanOutBatch: 32, reorderWaitMs, log: () => {} });
    return { feed, received };
  }

  /** The bus copy of a committed event, marked so the test can tell it from the row read back. */
  const busCopy = (message: RealtimeMessage) => ({ id: message.id, message: { ...message, data: { ...message.data, live: true } } as unknown as RealtimeMessage });

  it("delivers a late predecessor and its successor in order, both as the bus carried them", async () => {
    const { aurora } = await organizationIds(db);
    const { feed, received } = collectingFeed(aurora, 10_000);
    await feed.start();
    const first = await commitEvent(aurora);
    const second = await commitEvent(aurora);
    feed.receive(busCopy(second));
    feed.receive(busCopy(first));
    await eventually(() => received.length === 2, 5_000, "both events");
    expect(received).toEqual([
      { id: first.id, live: true },
      { id: second.id, live: true },
    ]);
  });

  it("reads a predecessor that never comes from the table after the wait, keeping the successor's bus copy", async () => {
    const { aurora } = await organizationIds(db);
    const { feed, received } = collectingFeed(aurora, 50);
    await feed.start();
    const first = await commitEvent(aurora);
    const second = await commitEvent(aurora);
    feed.receive(busCopy(second));
    await eventually(() => received.length === 2, 5_000, "both events");
    expect(received).toEqual([
      { id: first.id, live: false },
      { id: second.id, live: true },
    ]);
    // The late copy, when it finally comes, is a duplicate.
    feed.receive(busCopy(first));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(2);
  });

  it("lets a sweep leave an event whose publish is still on its way to the bus copy", async () => {
    const { aurora } = await organizationIds(db);
    const { feed, received } = collectingFeed(aurora, 2_000);
    await feed.start();
    const inFlight = await commitEvent(aurora);
    feed.sweep();
    await new Promise((resolve) => setTimeout(resolve, 200));
    feed.receive(busCopy(inFlight));
    await eventually(() => received.length === 1, 5_000, "the event");
    // The sweep's read, due after the wait, finds nothing left to fill.
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    expect(received).toEqual([{ id: inFlight.id, live: true }]);
  });

  it("delivers nothing once stopped (the organization was unfollowed), not even what was waiting", async () => {
    const { aurora } = await organizationIds(db);
    const { feed, received } = collectingFeed(aurora, 100);
    await feed.start();
    const first = await commitEvent(aurora);
    const second = await commitEvent(aurora);
    feed.receive(busCopy(second));
    feed.stop();
    feed.receive(busCopy(first));
    feed.sweep();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(received).toEqual([]);
  });
});
