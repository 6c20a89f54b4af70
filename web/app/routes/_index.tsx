import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { useSocketSubscription } from '~/components/live/use-socket-subscription';
import { NumberCheckForm } from '~/components/lookup/number-check-form';
import { isApiUnavailable } from '~/lib/api.server';
import { formatCount } from '~/lib/format';
import { landingStreamSubscription } from '~/lib/graphql/landing';
import type { LandingStreamData } from '~/lib/graphql/landing-document';
import { landingQuery } from '~/lib/graphql/overview';

export const meta: MetaFunction = () => [{ title: 'Satark — is this number safe?' }];

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    const { stats } = await context.publicApi.query(landingQuery, {});
    return { stats };
  } catch (error) {
    // The landing page stays up when the API is down; the counters say so and come back live.
    if (isApiUnavailable(error)) return { stats: null };
    throw error;
  }
}

interface Counters {
  totalCalls: number;
  flaggedCalls: number;
  updatedAt: string;
}

export default function Landing() {
  const { stats } = useLoaderData<typeof loader>();
  const [counters, setCounters] = useState<Counters | null>(stats);
  useSocketSubscription<LandingStreamData>(landingStreamSubscription, (data) => {
    const next = data.threatStream.stats;
    setCounters((current) => (current && current.updatedAt > next.updatedAt ? current : next));
  });

  return (
    <main id="main">
      <section className="hero">
        <div>
          <h1>Know a fraud call before it costs anyone.</h1>
          <p className="hero__lead">
            Satark scores every call on the network as it happens, groups fraudsters into campaigns and tells
            anyone — a citizen, a bank, an analyst — whether a number is safe, and why.
          </p>
          <div className="panel">
            <h2>Is this number safe?</h2>
            <NumberCheckForm action="/check" />
          </div>
        </div>
        <div className="stack">
          <div className="counters" aria-live="polite" data-testid="landing-counters">
            <div className="panel">
              <p className="counter__value" data-testid="calls-analysed">
                {counters ? formatCount(counters.totalCalls) : '—'}
              </p>
              <p className="counter__label">calls analysed</p>
            </div>
            <div className="panel">
              <p className="counter__value" data-testid="threats-flagged">
                {counters ? formatCount(counters.flaggedCalls) : '—'}
              </p>
              <p className="counter__label">threats flagged</p>
            </div>
          </div>
          {counters ? (
            <p className="panel__note">Counted live from every call the network sends to Satark.</p>
          ) : (
            <p className="notice notice--error">
              Live figures are unavailable: the Satark API is not reachable. They will appear here when it is
              back.
            </p>
          )}
          <Link to="/login?next=%2Fdashboard" className="button">
            Analysts: sign in to the dashboard
          </Link>
        </div>
      </section>
      <section className="features" aria-label="What Satark does">
        <article className="panel">
          <h2>Scores every call</h2>
          <p>
            An isolation forest rates each caller’s behaviour — bursts, night calls, one-ring calls — 0 to
            100.
          </p>
        </article>
        <article className="panel">
          <h2>Finds campaigns</h2>
          <p>Numbers run by one operation are grouped, mapped and tracked across India’s regions.</p>
        </article>
        <article className="panel">
          <h2>Explains itself</h2>
          <p>Every verdict comes with the reasons behind it, so analysts and citizens can trust it.</p>
        </article>
        <article className="panel">
          <h2>Listens to people</h2>
          <p>Reports from citizens and banks raise a number’s risk and alert analysts.</p>
        </article>
      </section>
    </main>
  );
}
