import type { Alerts } from './alerts';
import type { Viewer } from './auth';
import type { Config } from './config';
import type { Db } from './db';
import type { LiveSockets } from './live-sockets';
import type { IngestResult } from './pipeline';
import type { PubSubHandle } from './pubsub';
import type { DeadLetterStream } from './redis/dead-letters';
import type { CampaignMonitor } from './services/campaign-monitor';
import type { CaseDesk } from './services/cases';
import type { ListSync } from './services/list-sync';
import type { LiveScorer } from './services/live-scorer';
import type { LookupHistory } from './services/lookups';
import type { ModelRegistry, RetrainOptions, TrainingSummary } from './services/model-registry';
import type { NumberExplainer } from './services/numbers';
import type { People } from './services/people';
import type { RateLimiter } from './services/rate-limiter';
import type { RetentionJob } from './services/retention';
import type { StatsService } from './services/stats';
import type { ThreatStreamPublisher } from './services/threat-stream';

/** Long-lived services, built once per server. */
export interface AppServices {
  config: Config;
  db: Db;
  pubsub: PubSubHandle['pubsub'];
  stats: StatsService;
  stream: ThreatStreamPublisher;
  alerts: Alerts;
  liveScorer: LiveScorer;
  models: ModelRegistry;
  campaigns: CampaignMonitor;
  retention: RetentionJob;
  anonymousMutations: RateLimiter;
  /** checkNumber lookups by anonymous clients, one point per checkNumber field. */
  anonymousChecks: RateLimiter;
  /** Records the Redis consumers could not store (null without REDIS_URL). */
  deadLetters: DeadLetterStream | null;
  /** Open WebSockets by key, session and account: revoking any closes them on every instance. */
  sockets: LiveSockets;
  /** The one way calls enter: validate, score, store, count, publish. */
  ingest(calls: readonly unknown[]): Promise<IngestResult>;
  /** Reasons for a number's stored score, from the model that made it. */
  explain: NumberExplainer;
  /** Retrains on recent traffic and swaps the new model in. */
  retrain(options?: RetrainOptions): Promise<TrainingSummary>;
  /** Sign-in throttling, session policy, lookup and session retention. */
  people: People;
  /** Cases: the state machine, timeline, merge/split, automatic grouping of alerts. */
  cases: CaseDesk;
  /** Allow and block lists: this instance's matcher, kept current (services/list-sync.ts). */
  lists: ListSync;
  /** Who checked which number: queued, written in batches (services/lookups.ts). */
  lookups: LookupHistory;
}

/** Per request (or per WebSocket connection). */
export interface Context {
  app: AppServices;
  viewer: Viewer;
  /** Identifies the request in logs and audit entries (x-request-id when sane, else a UUID). */
  requestId: string;
}
