// Open graphql-ws connections by account and session, so signing an account out server-side
// (disable, password reset or change, logout) closes its live sockets too.
import type { Viewer } from './auth';

export interface ViewersRevoked {
  accountId?: string | null;
  sessionIds?: string[];
  reason: string;
}

type Close = (reason: string) => void;

interface Tracked {
  accountId: string | null;
  sessionId: string | null;
  close: Close;
}

export class LiveSockets {
  private readonly open = new Set<Tracked>();

  /** Remembers a socket; returns the function that forgets it (call it when it closes). */
  track(viewer: Viewer, close: Close): () => void {
    if (!viewer.accountId && !viewer.sessionId) return () => {};
    const tracked: Tracked = { accountId: viewer.accountId, sessionId: viewer.sessionId, close };
    this.open.add(tracked);
    return () => this.open.delete(tracked);
  }

  /** Closes this instance's sockets of the account (every one) or of the given sessions. */
  closeMatching(event: ViewersRevoked): number {
    const sessions = new Set(event.sessionIds ?? []);
    let closed = 0;
    for (const tracked of this.open) {
      const matches =
        (event.accountId && tracked.accountId === event.accountId) ||
        (tracked.sessionId !== null && sessions.has(tracked.sessionId));
      if (!matches) continue;
      this.open.delete(tracked);
      tracked.close(event.reason);
      closed += 1;
    }
    return closed;
  }

  /** The sessions that have a socket open here. */
  sessionIds(): string[] {
    return [
      ...new Set(
        [...this.open].map((tracked) => tracked.sessionId).filter((id): id is string => id !== null),
      ),
    ];
  }

  get size(): number {
    return this.open.size;
  }
}
