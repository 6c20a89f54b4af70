import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { EmergingAnomalies } from '~/components/alerts/emerging-anomalies';
import { ActiveCampaigns } from '~/components/campaigns/active-campaigns';
import { IngestionChart } from '~/components/charts/ingestion-chart';
import { EventFeed } from '~/components/events/event-feed';
import { useLiveSubscription } from '~/components/live/use-live-subscription';
import { useRevalidateEvery } from '~/components/live/use-revalidate-every';
import { RegionHeatMap } from '~/components/regions/region-heat-map';
import { OverviewTiles } from '~/components/stats/overview-tiles';
import { formatCount, formatDateTime } from '~/lib/format';
import type { Alert, Stats, ThreatEvent } from '~/lib/graphql/fragments';
import { alertRaisedSubscription, threatStreamSubscription } from '~/lib/graphql/live';
import { overviewQuery, TRAFFIC_MINUTES } from '~/lib/graphql/overview';
import { mergeAlerts, newerSnapshot } from '~/lib/merge-alerts';
import { appendRate, type RatePoint, ratesFromTraffic } from '~/lib/traffic-series';

export const meta: MetaFunction = () => [{ title: 'Overview — Satark' }];

const FEED_LENGTH = 12;
const PANEL_LENGTH = 6;
const CHART_SPAN_MS = TRAFFIC_MINUTES * 60_000;
/** Regions, campaigns and alerts are reloaded this often; stats and calls arrive live. */
const RELOAD_EVERY_MS = 15_000;

export async function loader({ context }: LoaderFunctionArgs) {
  return context.api.query(overviewQuery, { minutes: TRAFFIC_MINUTES });
}

export default function Overview() {
  const data = useLoaderData<typeof loader>();
  const [liveStats, setLiveStats] = useState<Stats | null>(null);
  const [rates, setRates] = useState<RatePoint[]>(() => ratesFromTraffic(data.traffic));
  const [events, setEvents] = useState<ThreatEvent[]>(data.recentEvents);
  const [liveAlerts, setLiveAlerts] = useState<Alert[]>([]);
  const stats = newerSnapshot(liveStats, data.stats);

  useLiveSubscription(threatStreamSubscription, {}, ({ threatStream }) => {
    const next = threatStream.stats;
    setLiveStats(next);
    setRates((current) =>
      appendRate(
        current,
        {
          at: Date.parse(next.updatedAt),
          callsPerSecond: next.callsPerSecond,
          flaggedPerSecond: next.flaggedPerSecond,
        },
        CHART_SPAN_MS,
      ),
    );
    if (threatStream.events.length > 0) {
      setEvents((current) => [...[...threatStream.events].reverse(), ...current].slice(0, FEED_LENGTH));
    }
  });
  useLiveSubscription(alertRaisedSubscription, {}, ({ alertRaised }) => {
    setLiveAlerts((current) => [alertRaised, ...current].slice(0, PANEL_LENGTH));
  });
  useRevalidateEvery(RELOAD_EVERY_MS);

  const openAlerts = mergeAlerts(
    liveAlerts,
    data.alerts.edges.map((edge) => edge.node),
    PANEL_LENGTH,
  ).filter((alert) => alert.status === 'OPEN');
  const newAlertCount = liveAlerts.filter(
    (alert) => !data.alerts.edges.some((edge) => edge.node.id === alert.id),
  ).length;

  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Threat overview</h1>
          <p>
            Updated <time dateTime={stats.updatedAt}>{formatDateTime(stats.updatedAt)}</time>
            {stats.modelVersion ? ` · model ${stats.modelVersion}` : ' · no model scoring yet'}
          </p>
        </div>
      </header>

      <OverviewTiles stats={stats} />

      <div className="grid grid--main">
        <section className="panel panel--chart" aria-labelledby="ingestion-heading">
          <div className="panel__header">
            <h2 id="ingestion-heading">Live call ingestion</h2>
            <p className="panel__note">10-second average, last {TRAFFIC_MINUTES} minutes</p>
          </div>
          <IngestionChart
            series={rates}
            callsPerSecond={stats.callsPerSecond}
            flaggedPerSecond={stats.flaggedPerSecond}
          />
        </section>
        <section className="panel" aria-labelledby="regions-heading">
          <div className="panel__header">
            <h2 id="regions-heading">Regions</h2>
            <p className="panel__note">Last 24 hours</p>
          </div>
          <RegionHeatMap regions={data.regions} />
        </section>
      </div>

      <div className="grid grid--thirds">
        <section className="panel" aria-labelledby="campaigns-heading">
          <div className="panel__header">
            <h2 id="campaigns-heading">Active campaigns</h2>
            <span className="badge">{data.campaigns.totalCount}</span>
          </div>
          <ActiveCampaigns
            campaigns={data.campaigns.edges.map((edge) => edge.node)}
            total={data.campaigns.totalCount}
          />
        </section>
        <section className="panel" aria-labelledby="anomalies-heading">
          <div className="panel__header">
            <h2 id="anomalies-heading">Emerging anomalies</h2>
            <span className="badge" data-testid="open-alert-count">
              {data.alerts.totalCount + newAlertCount} open
            </span>
          </div>
          <EmergingAnomalies alerts={openAlerts} total={data.alerts.totalCount + newAlertCount} />
        </section>
        <section className="panel" aria-labelledby="feed-heading">
          <div className="panel__header">
            <h2 id="feed-heading">Latest calls</h2>
            <p className="panel__note">{formatCount(stats.trackedNumbers)} numbers tracked</p>
          </div>
          <EventFeed events={events} />
        </section>
      </div>
    </div>
  );
}
