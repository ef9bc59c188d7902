import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { PresenceSnapshot } from "~/modules/realtime/events";
import type { BoardPerson } from "~/lib/board-client";

/** The server drops a drag lock a few seconds after its last renewal; renew well within that. */
const HEARTBEAT_MS = 3_000;

/** A refused claim carries the server's sentence, in the reader's language (null: none came). */
type ClaimResult = { ok: true } | { ok: false; message: string | null };

async function postPresence(slug: string, intent: "drag-start" | "heartbeat" | "drag-end", leadId: string): Promise<ClaimResult> {
  try {
    const response = await fetch(`/o/${slug}/presence`, {
      method: "POST",
      body: new URLSearchParams({ intent, leadId }),
      headers: { accept: "application/json" },
      credentials: "same-origin",
    });
    const body = (await response.json().catch(() => null)) as { ok?: boolean; error?: string; message?: string } | null;
    if (body?.ok === false && body.error === "locked") return { ok: false, message: body.message ?? null };
  } catch {
    // Locks are a courtesy: without them the move's version check still protects the data.
  }
  return { ok: true };
}

/**
 * Who else has the board open and which cards they are dragging (from the
 * stream's `presence` snapshots), and this user's own drag lock: claimed on
 * drag start, renewed while the drag lasts, released on drop.
 */
export function usePresence(slug: string, me: BoardPerson) {
  const [snapshot, setSnapshot] = useState<PresenceSnapshot>({ viewers: [], viewerCount: 0, dragging: [] });
  const heartbeat = useRef<ReturnType<typeof setInterval>>();
  const holding = useRef<string | null>(null);

  const release = useCallback(() => {
    clearInterval(heartbeat.current);
    const leadId = holding.current;
    holding.current = null;
    if (leadId) void postPresence(slug, "drag-end", leadId);
  }, [slug]);

  /** Claims the card for a drag; `onRefused` runs if someone else holds it (now or when a renewal is refused). */
  const claim = useCallback(
    (leadId: string, onRefused: (message: string | null) => void) => {
      release();
      holding.current = leadId;
      const answer = (result: ClaimResult) => {
        if (result.ok || holding.current !== leadId) return;
        clearInterval(heartbeat.current);
        holding.current = null;
        onRefused(result.message);
      };
      heartbeat.current = setInterval(() => void postPresence(slug, "heartbeat", leadId).then(answer), HEARTBEAT_MS);
      void postPresence(slug, "drag-start", leadId).then(answer);
    },
    [slug, release],
  );

  useEffect(() => {
    const onLeave = () => {
      const leadId = holding.current;
      if (leadId) navigator.sendBeacon?.(`/o/${slug}/presence`, new URLSearchParams({ intent: "drag-end", leadId }));
    };
    window.addEventListener("pagehide", onLeave);
    return () => {
      window.removeEventListener("pagehide", onLeave);
      clearInterval(heartbeat.current);
    };
  }, [slug]);

  const apply = setSnapshot;

  const teammates = useMemo<BoardPerson[]>(
    () => snapshot.viewers.filter((viewer) => viewer.userId !== me.id).map((viewer) => ({ id: viewer.userId, fullName: viewer.fullName })),
    [snapshot.viewers, me.id],
  );
  // The snapshot lists the first few viewers; this user counts among the rest when not listed.
  const listedMe = snapshot.viewers.some((viewer) => viewer.userId === me.id);
  const teammateCount = snapshot.viewerCount - (listedMe || snapshot.viewers.length < snapshot.viewerCount ? 1 : 0);
  const locks = useMemo(() => {
    const byLead: Record<string, BoardPerson> = {};
    for (const drag of snapshot.dragging) {
      if (drag.userId !== me.id) byLead[drag.leadId] = { id: drag.userId, fullName: drag.fullName };
    }
    return byLead;
  }, [snapshot.dragging, me.id]);

  return { teammates, teammateCount, locks, apply, claim, release };
}
