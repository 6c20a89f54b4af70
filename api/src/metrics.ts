// Prometheus metrics, served at /metrics by Yoga's Prometheus plugin from one registry: the
// process's, the components' (supervision.ts), ours below and the plugin's GraphQL metrics.
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    callsIngested: new Counter({
      name: 'satark_calls_ingested_total',
      help: 'Call records by outcome (accepted, duplicate, rejected; queued: appended to the workers’ stream by an API-only instance)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    pipelineStepSeconds: new Histogram({
      name: 'satark_pipeline_step_seconds',
      help: 'Time a batch spent in each step of the call pipeline (deduplicate, score, commit, alerts), per batch',
      labelNames: ['step'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    redisDeadLetters: new Counter({
      name: 'satark_redis_dead_letters_total',
      help: 'CDR stream records moved to the dead-letter stream, by kind (unreadable, rejected, failing)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    redisSkipped: new Counter({
      name: 'satark_redis_skipped_total',
      help: 'Pending CDR stream entries skipped because they were deleted or trimmed from the stream',
      registers: [registry],
    }),
    redisTrimmed: new Counter({
      name: 'satark_redis_trimmed_total',
      help: 'Acknowledged CDR stream entries trimmed',
      registers: [registry],
    }),
    websocketClients: new Gauge({
      name: 'satark_websocket_clients',
      help: 'Open graphql-ws connections',
      registers: [registry],
    }),
    websocketSubscriptionsRefused: new Counter({
      name: 'satark_websocket_subscriptions_refused_total',
      help: 'graphql-ws subscribe messages refused because their socket already had MAX_SUBSCRIPTIONS_PER_SOCKET operations in flight',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Exports a count a service keeps itself (a plain number it only ever increases) as a counter,
 * read when /metrics is scraped.
 */
export function exportCount(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/**
 * GraphQL operations (`satark_graphql_operations_total` by operationType), errors by phase, phase
 * and HTTP durations, and /metrics itself. Operation names, error paths and URLs are chosen by
 * clients: as labels they would let anyone grow the registry without bound, so they are off.
 */
export function prometheusPlugin(registry: Registry) {
  return usePrometheus({
    registry,
    endpoint: '/metrics',
    labels: { operationName: false, path: false, url: false },
    metrics: {
      graphql_envelop_request: 'satark_graphql_operations_total',
      // The same timings as graphql_envelop_request_duration, kept per series in memory.
      graphql_envelop_request_time_summary: false,
      // A walk of every parsed document with TypeInfo; the schema deprecates nothing.
      graphql_envelop_deprecated_field: false,
    },
  });
}
