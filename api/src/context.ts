import type { Viewer } from './auth';
import type { Config } from './config';
import type { Db } from './db';
import type { PubSubHandle } from './pubsub';
import type { AlertRaiser } from './services/alerts';
import type { CallRecordInput, IngestResult } from './services/ingest';
import type { RateLimiter } from './services/rate-limiter';
import type { CallScorer } from './services/scoring';
import type { StatsService } from './services/stats';
import type { ThreatStreamPublisher } from './services/threat-stream';

/** Long-lived services, built once per server. */
export interface AppServices {
  config: Config;
  db: Db;
  pubsub: PubSubHandle['pubsub'];
  stats: StatsService;
  stream: ThreatStreamPublisher;
  alerts: AlertRaiser;
  scorer: CallScorer;
  anonymousMutations: RateLimiter;
  /** The one way calls enter: validate, score, store, count, publish. */
  ingest(calls: CallRecordInput[]): Promise<IngestResult>;
}

/** Per request (or per WebSocket connection). */
export interface Context {
  app: AppServices;
  viewer: Viewer;
}
