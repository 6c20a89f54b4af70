import { useRevalidator } from '@remix-run/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ConnectionBadge } from '~/components/live/connection-badge';
import { useLiveSubscription } from '~/components/live/use-live-subscription';
import { formatQuantity } from '~/lib/format';
import { threatStreamSubscription } from '~/lib/graphql/live';

/** Reload the campaign at most this often while its numbers are active. */
const REFRESH_AT_MOST_EVERY_MS = 5000;

/**
 * Follows the threat stream for calls by or to the campaign's numbers, and refreshes the graph
 * and figures when there are some. Pausing freezes the view for a closer look.
 */
export function CampaignLiveView({ memberNumbers }: { memberNumbers: string[] }) {
  const [paused, setPaused] = useState(false);
  const [newCalls, setNewCalls] = useState(0);
  const members = useMemo(() => new Set(memberNumbers), [memberNumbers]);
  const revalidator = useRevalidator();
  const lastRefresh = useRef(0);
  const pendingRefresh = useRef(false);

  useLiveSubscription(
    threatStreamSubscription,
    {},
    ({ threatStream }) => {
      const mine = threatStream.events.filter(
        (event) => members.has(event.caller) || members.has(event.receiver),
      );
      if (mine.length === 0) return;
      setNewCalls((count) => count + mine.length);
      pendingRefresh.current = true;
    },
    { paused },
  );

  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => {
      const due = Date.now() - lastRefresh.current >= REFRESH_AT_MOST_EVERY_MS;
      if (pendingRefresh.current && due && revalidator.state === 'idle') {
        pendingRefresh.current = false;
        lastRefresh.current = Date.now();
        revalidator.revalidate();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [paused, revalidator]);

  return (
    <div className="button-row" style={{ alignItems: 'center' }}>
      <ConnectionBadge paused={paused} />
      <span className="list__meta" aria-live="polite" data-testid="campaign-new-calls">
        {paused
          ? 'Live view paused: the graph and figures stay as they are.'
          : `${formatQuantity(newCalls, 'new call')} by this campaign since you opened it`}
      </span>
      <button
        type="button"
        className="button button--secondary"
        aria-pressed={paused}
        onClick={() => setPaused((value) => !value)}
      >
        {paused ? 'Resume live view' : 'Pause live view'}
      </button>
    </div>
  );
}
