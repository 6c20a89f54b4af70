import type { Viewer } from './auth';
import type { Config } from './config';
import type { Db } from './db';
import type { PubSubHandle } from './pubsub';
import type { AlertRaiser } from './services/alerts';
import type { CampaignMonitor } from './services/campaign-monitor';
import type { CallRecordInput, IngestResult } from './services/ingest';
import type { LiveScorer } from './services/live-scorer';
import type { ModelRegistry, RetrainOptions, TrainingSummary } from './services/model-registry';
import type { NumberExplainer } from './services/numbers';
import type { People } from './services/people';
import type { RateLimiter } from './services/rate-limiter';
import type { RetentionJob } from './services/retention';
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
  /** What ingest scores with: the live scorer unless a test gave another. */
  scorer: CallScorer;
  liveScorer: LiveScorer;
  models: ModelRegistry;
  campaigns: CampaignMonitor;
  retention: RetentionJob;
  anonymousMutations: RateLimiter;
  /** The one way calls enter: validate, score, store, count, publish. */
  ingest(calls: CallRecordInput[]): Promise<IngestResult>;
  /** Reasons for a number's stored score, from the model that made it. */
  explain: NumberExplainer;
  /** Retrains on recent traffic and swaps the new model in. */
  retrain(options?: RetrainOptions): Promise<TrainingSummary>;
  /** Sign-in throttling, session policy, open sockets by account, lookup retention. */
  people: People;
}

/** Per request (or per WebSocket connection). */
export interface Context {
  app: AppServices;
  viewer: Viewer;
  /** Identifies the request in logs and audit entries (x-request-id when sane, else a UUID). */
  requestId: string;
}
