import { EmptyState } from '~/components/feedback/empty-state';
import { formatClock, formatDecimal, formatEnumLabel } from '~/lib/format';
import type { ThreatEvent } from '~/lib/graphql/fragments';
import { presentVerdict } from '~/lib/verdict';

export function EventFeed({ events }: { events: ThreatEvent[] }) {
  if (events.length === 0) {
    return (
      <EmptyState title="No calls yet">
        <p>Calls appear here the moment they are ingested.</p>
      </EmptyState>
    );
  }
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboard users can scroll it (WCAG 2.1.1).
    <section className="feed" aria-label="Latest calls, newest first" tabIndex={0}>
      <ol className="list" data-testid="event-feed">
        {events.map((event) => {
          const verdict = event.verdict ? presentVerdict(event.verdict) : null;
          return (
            <li key={event.id} className="feed__item">
              <time className="list__meta mono" dateTime={event.timestamp}>
                {formatClock(event.timestamp)}
              </time>
              <span>
                <span className="mono">{event.caller}</span>
                <span className="list__meta">
                  {' '}
                  {event.region} → {event.targetRegion}
                  {event.category ? ` · ${formatEnumLabel(event.category)}` : ''}
                </span>
              </span>
              {verdict ? (
                <span className={`badge badge--${verdict.tone}`}>
                  {verdict.label}
                  {event.riskScore === null ? '' : ` ${formatDecimal(event.riskScore)}`}
                </span>
              ) : (
                <span className="badge">Not scored</span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
