// Live topics. In-process by default; with REDIS_URL every instance sees every publish.
import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSubEvent } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { ViewersRevoked } from './live-sockets';
import type { AlertEvent } from './services/alerts';
import type { ThreatBatch } from './services/threat-events';

export type PubSubTopics = {
  threatBatch: [ThreatBatch];
  alertRaised: [AlertEvent];
  /** Sessions or a whole account signed out server-side: every instance closes their sockets. */
  viewersRevoked: [ViewersRevoked];
};

export interface PubSubHandle {
  pubsub: ReturnType<typeof createPubSub<PubSubTopics>>;
  close(): Promise<void>;
}

export function createPubSubHandle(redisUrl: string | undefined): PubSubHandle {
  if (!redisUrl) {
    // One listener per subscription: thousands of subscribers are expected, not a leak.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    return { pubsub: createPubSub<PubSubTopics>({ eventTarget }), close: async () => {} };
  }
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget<PubSubEvent<PubSubTopics, keyof PubSubTopics>>({
    publishClient,
    subscribeClient,
  });
  return {
    pubsub: createPubSub<PubSubTopics>({ eventTarget }),
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
