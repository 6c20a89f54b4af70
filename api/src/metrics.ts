// Prometheus metrics at /metrics.
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    operations: new Counter({
      name: 'satark_graphql_operations_total',
      help: 'GraphQL operations by type and outcome',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
    callsIngested: new Counter({
      name: 'satark_calls_ingested_total',
      help: 'Call records by outcome (accepted, duplicate, rejected)',
      labelNames: ['outcome'] as const,
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
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
