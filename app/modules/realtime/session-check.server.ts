import type { StreamRegistry } from "./stream-registry.server";

export interface SessionCheckOptions {
  /** How often the sessions of open streams are re-checked (expired, deleted, user deactivated). */
  sessionCheckMs: number;
  /** Which of these session ids are still valid; null: no re-check (hubs in tests that have no sessions). */
  liveSessions?: ((sessionIds: string[]) => Promise<Set<string>>) | null;
  log(message: string): void;
}

/**
 * Ends the streams whose session is no longer valid: expired, deleted by a
 * logout or a removal on another node whose message this process missed, or
 * whose user was deactivated. One query per process for all its streams.
 * A failed check ends nothing: the next one runs a few seconds later.
 */
export class SessionCheck {
  private checkedAt = Date.now();
  private running = false;

  constructor(
    private readonly streams: StreamRegistry,
    private readonly options: SessionCheckOptions,
  ) {}

  /** Called on every tick of the hub; checks when one is due. */
  tick(now: number) {
    if (now - this.checkedAt < this.options.sessionCheckMs) return;
    this.checkedAt = now;
    void this.check();
  }

  private async check() {
    const liveSessions = this.options.liveSessions;
    // Only the sessions asked about: one whose first stream connected meanwhile was not.
    const asked = this.streams.sessionIds();
    if (!liveSessions || this.running || asked.length === 0) return;
    this.running = true;
    try {
      const live = await liveSessions(asked);
      for (const sessionId of asked) if (!live.has(sessionId)) this.streams.closeSession(sessionId);
    } catch (error) {
      this.options.log(`realtime: session check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
