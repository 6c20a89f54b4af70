import { useLiveConnection } from './live-provider';

const labels = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
} as const;

/** Shows whether live updates are flowing; announced politely to screen readers when it changes. */
export function ConnectionBadge({ paused = false }: { paused?: boolean }) {
  const { socket, state } = useLiveConnection();
  const shown = paused && state === 'live' ? 'paused' : state;
  // Without JavaScript (or before hydration) there is no live connection to report on; the
  // badge keeps its place so nothing moves when it appears.
  return (
    <output
      className={`connection-badge connection-badge--${shown}`}
      aria-live="polite"
      data-state={shown}
      style={socket ? undefined : { visibility: 'hidden' }}
    >
      <span className="connection-badge__dot" aria-hidden="true" />
      {shown === 'paused' ? 'Paused' : labels[state]}
    </output>
  );
}
