// Fan-out without repeating work: subscribers that sent the same subscription with the same
// variables and have the same role form one group, with one source stream, one execution per
// published event and one serialisation of its result; the group writes the result to every
// member's socket itself.
//
// graphql-js runs the subscription's selection set once per event per subscriber; with a
// thousand dashboards on threatStream that was a thousand identical executions of every batch,
// then a thousand pub/sub listeners, async iterators, graphql-ws `next` messages stringified
// one by one and awaited sends. The result of a subscription event here depends only on the
// event, the document, the variables and the viewer's role (masking), and a field's source
// stream only on its arguments (threatStream, alertRaised and caseUpdated filter by arguments
// alone), so each is computed once per such key. A new subscription field whose source or
// result depended on more of the context than the role would have to be added to the key.
//
// Each subscriber still opens its own source stream first, so its authorisation is checked
// exactly as graphql-js would check it; a subscriber joining a group then closes its own.
import {
  createSourceEventStream,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  GraphQLError,
} from 'graphql';

/** Sends one event's result to one subscriber (its socket's `next` message). */
export type NextSender = (result: ExecutionResult) => void;

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

type Done = IteratorReturnResult<undefined>;
const done: Done = { value: undefined, done: true };

interface Member {
  args: ExecutionArgs;
  send: NextSender;
  /** Ends the subscriber's operation: graphql-ws then sends `complete` (or `error`). */
  finish(error?: unknown): void;
}

class SharedGroup {
  readonly members = new Set<Member>();

  constructor(
    private readonly key: string,
    private readonly source: AsyncIterator<unknown>,
    private readonly groups: Map<string, SharedGroup>,
  ) {}

  /** Reads the source until it ends, sending each event's result to every member. */
  async pump(): Promise<void> {
    let failure: unknown;
    try {
      for (;;) {
        const step = await this.source.next();
        if (step.done) break;
        // Any member's arguments will do: they differ only in what the key says does not matter.
        const first = this.members.values().next();
        if (first.done) break;
        const result = await executeEvent(first.value.args, step.value);
        for (const member of this.members) {
          try {
            member.send(result);
          } catch (error) {
            // One subscriber's broken socket ends its own operation, not the group's.
            this.leave(member);
            member.finish(error);
          }
        }
      }
    } catch (error) {
      failure = error;
    }
    if (this.groups.get(this.key) === this) this.groups.delete(this.key);
    for (const member of this.members) member.finish(failure);
    this.members.clear();
  }

  leave(member: Member): void {
    if (!this.members.delete(member) || this.members.size > 0) return;
    if (this.groups.get(this.key) === this) this.groups.delete(this.key);
    void Promise.resolve(this.source.return?.()).catch(() => {});
  }
}

const groups = new Map<string, SharedGroup>();

/** Subscribers being served, in every group of the process (tests check that none outlives its socket). */
export function subscriberCount(): number {
  let count = 0;
  for (const group of groups.values()) count += group.members.size;
  return count;
}

/**
 * Subscribes like graphql-js does (source stream from the field's subscribe resolver, then
 * execute per event with the event as root value), in the group of `key`: `send` gets every
 * result. The iterator returned yields nothing; it ends when the group's source does (or
 * fails with its error), and `return` (the client's `complete`, or its socket closing) leaves
 * the group. Envelop's execute cannot be used per event: for a subscription document it
 * subscribes again. `left` is called as the subscriber leaves, before the iterator settles (the
 * transport frees the subscription's slot on its socket with it: see OperationSlots).
 */
export async function subscribeShared(
  args: ExecutionArgs,
  key: string,
  send: NextSender,
  left?: () => void,
): Promise<AsyncIterableIterator<never> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source as ExecutionResult;
  let group = groups.get(key);
  if (group) {
    void Promise.resolve(source.return?.()).catch(() => {});
  } else {
    group = new SharedGroup(key, source, groups);
    groups.set(key, group);
    void group.pump();
  }
  const joined = group;
  let settle: { resolve(step: Done): void; reject(error: unknown): void } | null = null;
  let ended: { error?: unknown } | null = null;
  const member: Member = {
    args,
    send,
    finish(error) {
      ended = { error };
      if (!settle) return;
      if (error === undefined) settle.resolve(done);
      else settle.reject(error);
      settle = null;
    },
  };
  joined.members.add(member);
  const iterator: AsyncIterableIterator<never> = {
    next() {
      const end = ended as { error?: unknown } | null;
      if (end) return end.error === undefined ? Promise.resolve(done) : Promise.reject(end.error);
      return new Promise<Done>((resolve, reject) => {
        settle = { resolve, reject };
      });
    },
    async return() {
      joined.leave(member);
      left?.();
      member.finish();
      return done;
    },
    async throw(error: unknown) {
      joined.leave(member);
      left?.();
      member.finish();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
