import { useCallback, useEffect, useState } from 'react';
import { latestSeen, unreadCount } from '~/lib/alert-workspace';
import type { Alert } from '~/lib/graphql/fragments';

const STORAGE_KEY = 'satark:alerts:last-seen';

function readMark(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage can be disabled; then every visit starts with nothing read
  }
}

function writeMark(mark: string | null): void {
  if (mark === null) return;
  try {
    window.localStorage.setItem(STORAGE_KEY, mark);
  } catch {
    // Nothing to do: the count simply is not remembered in this browser.
  }
}

/**
 * Unread alerts in this browser: those raised after the analyst last saw the list. Opening the page
 * marks what it loaded as seen for the next visit (this visit still shows what was new); "mark all read"
 * clears the count now, live arrivals included.
 */
export function useUnreadAlerts(loaded: readonly Alert[], all: readonly Alert[]) {
  // null until mounted: the server cannot know this browser's mark, so nothing is "unread" on first paint.
  const [mark, setMark] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    setMark(readMark());
  }, []);

  useEffect(() => {
    if (mark === undefined) return;
    const remembered = readMark();
    writeMark(latestSeen(loaded, remembered));
  }, [loaded, mark]);

  const markAllRead = useCallback(() => {
    const newest = latestSeen(all, readMark());
    writeMark(newest);
    setMark(newest);
  }, [all]);

  const isUnread = useCallback(
    (alert: Alert) => mark !== undefined && (mark === null || alert.createdAt > mark),
    [mark],
  );
  return { unread: mark === undefined ? 0 : unreadCount(all, mark), isUnread, markAllRead };
}
