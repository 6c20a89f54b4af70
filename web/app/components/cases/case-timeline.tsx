import { personName } from '~/lib/actor-name';
import { useAccount } from '~/lib/auth/use-account';
import { formatDateTime, formatEnumLabel } from '~/lib/format';
import type { CaseEvent } from '~/lib/graphql/cases';

/** Notes and events, newest first: what was done to the case, by whom, when. */
export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const viewer = useAccount();
  const newestFirst = [...events].reverse();
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="panel__title">
        Timeline
      </h2>
      {newestFirst.length === 0 ? (
        <p className="list__meta">Nothing has happened yet.</p>
      ) : (
        <ol
          className="stack"
          data-testid="case-timeline"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {newestFirst.map((event) => (
            <li key={event.id} data-testid="case-event" data-kind={event.kind}>
              <span className="badge">{formatEnumLabel(event.kind)}</span>{' '}
              <span className="list__meta">
                {personName(event.by, viewer)} · <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              </span>
              {event.text ? (
                <p style={{ margin: '0.25rem 0 0', whiteSpace: 'pre-wrap' }}>{event.text}</p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
