// Live topics. In-process by default; with REDIS_URL every instance sees every publish. Redis
// channels are named `<REDIS_PREFIX>:<topic>`, so deployments sharing one Redis stay apart.
import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSubEvent, type PubSubEventTarget } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { ViewersRevoked } from './live-sockets';
import type { AlertEvent } from './services/alerts';
import type { CaseUpdate } from './services/cases';
import type { ModelSwapped } from './services/model-sync';
import type { ThreatBatch } from './services/threat-events';

export type PubSubTopics = {
  threatBatch: [ThreatBatch];
  alertRaised: [AlertEvent];
  /** A new model is active: every instance loads it. */
  modelSwapped: [ModelSwapped];
  /** Keys, sessions or a whole account lost access: every instance closes their sockets. */
  viewersRevoked: [ViewersRevoked];
  /** A case changed (created, assigned, commented, ...): the timeline shows it live. */
  caseUpdated: [CaseUpdate];
  /** An allow or block list changed: every instance reloads it (services/list-sync.ts). */
  listsChanged: [{ listId: string }];
};

type TopicEvent = PubSubEvent<PubSubTopics, keyof PubSubTopics>;

export interface PubSubHandle {
  pubsub: ReturnType<typeof createPubSub<PubSubTopics>>;
  close(): Promise<void>;
}

/** Prefixes every topic on the way to the inner target (the subscriber sees only `detail`). */
export function namespacedEventTarget(
  inner: PubSubEventTarget<PubSubTopics>,
  prefix: string,
): PubSubEventTarget<PubSubTopics> {
  const channel = (topic: string) => `${prefix}:${topic}`;
  return {
    addEventListener: (topic, listener) => inner.addEventListener(channel(topic), listener),
    removeEventListener: (topic, listener) => inner.removeEventListener(channel(topic), listener),
    dispatchEvent(event) {
      const renamed = new CustomEvent(channel(event.type), { detail: event.detail });
      return inner.dispatchEvent(renamed as TopicEvent);
    },
  };
}

export function createPubSubHandle(redisUrl: string | undefined, prefix = 'satark'): PubSubHandle {
  if (!redisUrl) {
    // One listener per subscription: thousands of subscribers are expected, not a leak.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    return { pubsub: createPubSub<PubSubTopics>({ eventTarget }), close: async () => {} };
  }
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  // A connection in subscriber mode refuses INFO, which ioredis's ready check sends after a
  // reconnect ("Connection in subscriber mode"): the subscriber skips the check.
  const subscribeClient = new Redis(redisUrl, {
    lazyConnect: false,
    maxRetriesPerRequest: 3,
    enableReadyCheck: false,
  });
  const eventTarget = namespacedEventTarget(
    createRedisEventTarget<TopicEvent>({ publishClient, subscribeClient }),
    prefix,
  );
  return {
    pubsub: createPubSub<PubSubTopics>({ eventTarget }),
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
