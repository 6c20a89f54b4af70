// Fan-out without repeating work: subscribers that sent the same subscription with the same
// variables and have the same role get one execution per published event, shared.
//
// graphql-js runs the subscription's selection set once per event per subscriber; with a
// thousand dashboards on threatStream that is a thousand identical executions of every batch.
// The result of a subscription event here depends only on the event, the document, the
// variables and the viewer's role (masking), so it is computed once for each such key and
// every subscriber with that key is sent the same result. A new subscription field whose
// result depended on more of the context than the role would have to be added to the key.
import {
  createSourceEventStream,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  GraphQLError,
} from 'graphql';

const shared = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

function executeShared(payload: unknown, key: string, run: () => unknown): Promise<ExecutionResult> {
  if (typeof payload !== 'object' || payload === null) return Promise.resolve(run() as ExecutionResult);
  let byKey = shared.get(payload);
  if (!byKey) {
    byKey = new Map();
    shared.set(payload, byKey);
  }
  let result = byKey.get(key);
  if (!result) {
    result = Promise.resolve(run() as ExecutionResult | Promise<ExecutionResult>);
    byKey.set(key, result);
  }
  return result;
}

/** One event through the subscription's selection set; unexpected errors are masked as Yoga would. */
async function executeEvent(args: ExecutionArgs, payload: unknown): Promise<ExecutionResult> {
  const result = await execute({ ...args, rootValue: payload });
  if (!result.errors) return result;
  return {
    ...result,
    errors: result.errors.map((error) =>
      error.originalError && !(error.originalError instanceof GraphQLError)
        ? new GraphQLError('Unexpected error.', { nodes: error.nodes, path: error.path })
        : error,
    ),
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> & AsyncIterator<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Subscribes like graphql-js does (source stream from the field's subscribe resolver, then
 * execute per event with the event as root value), sharing each event's execution by `key`.
 * Envelop's execute cannot be used per event: for a subscription document it subscribes again.
 */
export async function subscribeShared(
  args: ExecutionArgs,
  key: string,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source as ExecutionResult;
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const step = await source.next();
      if (step.done) return { value: undefined, done: true } as IteratorReturnResult<undefined>;
      const payload = step.value;
      return {
        value: await executeShared(payload, key, () => executeEvent(args, payload)),
        done: false,
      };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true } as IteratorReturnResult<undefined>;
    },
    async throw(error: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
