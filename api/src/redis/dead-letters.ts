// Records the CDR consumers could not store end up here, in one Redis Stream per deployment
// (`<REDIS_PREFIX>:dead-letters`), with what they were, why, and how often they were tried:
// an operator can read them (GraphQL `deadLetters`, ADMIN), put one back or delete it.
import type { ChainableCommander, Redis } from 'ioredis';

/**
 * unreadable: not a JSON call record; rejected: validation refused it; failing: storing it kept
 * failing (its batch failed and, retried alone, it still failed REDIS_MAX_DELIVERIES times).
 */
export type DeadLetterKind = 'unreadable' | 'rejected' | 'failing';

export interface DeadLetterInput {
  kind: DeadLetterKind;
  /** The stream the record was read from (a partition's stream with REDIS_PARTITIONS). */
  stream: string;
  streamId: string;
  reason: string;
  deliveries: number;
  /** The entry's original field/value list. */
  fields: string[];
}

export interface DeadLetter extends DeadLetterInput {
  id: string;
  at: Date;
}

export interface DeadLetterPage {
  entries: DeadLetter[];
  /** Pass as `after` for the next (older) page; null on the last one. */
  endCursor: string | null;
}

const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;
const MAX_U64 = 2n ** 64n - 1n;

/** Redis Stream ids are `<ms>-<seq>`, two unsigned 64-bit numbers; anything else is refused before it reaches Redis. */
export function isStreamId(id: string): boolean {
  const match = STREAM_ID.exec(id);
  return Boolean(match && BigInt(match[1] as string) <= MAX_U64 && BigInt(match[2] as string) <= MAX_U64);
}

const MAX_REASON = 1000;

export class DeadLetterStream {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly maxLen: number,
  ) {}

  /** Queues the XADD on the caller's MULTI, so the dead letter and the XACK land together. */
  append(multi: ChainableCommander, letter: DeadLetterInput, at = Date.now()): void {
    multi.xadd(
      this.key,
      'MAXLEN',
      '~',
      this.maxLen,
      '*',
      'kind',
      letter.kind,
      'stream',
      letter.stream,
      'streamId',
      letter.streamId,
      'reason',
      letter.reason.slice(0, MAX_REASON),
      'deliveries',
      String(letter.deliveries),
      'at',
      String(at),
      'fields',
      JSON.stringify(letter.fields),
    );
  }

  /** Newest first. */
  async list(first: number, after?: string | null): Promise<DeadLetterPage> {
    const end = after ? `(${after}` : '+';
    const rows = (await this.redis.xrevrange(this.key, end, '-', 'COUNT', first + 1)) as [string, string[]][];
    const entries = rows.slice(0, first).map(([id, fields]) => decodeDeadLetter(id, fields));
    return { entries, endCursor: rows.length > first ? (entries.at(-1)?.id ?? null) : null };
  }

  async get(id: string): Promise<DeadLetter | null> {
    const rows = (await this.redis.xrange(this.key, id, id)) as [string, string[]][];
    const row = rows[0];
    return row ? decodeDeadLetter(row[0], row[1]) : null;
  }

  async count(): Promise<number> {
    return this.redis.xlen(this.key);
  }

  /** Puts the original record back at the end of the stream it came from; null when there is no such letter. */
  async requeue(id: string): Promise<{ letter: DeadLetter; newStreamId: string } | null> {
    const letter = await this.get(id);
    if (!letter) return null;
    const reply = await this.redis
      .multi()
      .xadd(letter.stream, '*', ...(letter.fields.length ? letter.fields : ['empty', '']))
      .xdel(this.key, id)
      .exec();
    const newStreamId = reply?.[0]?.[1];
    if (typeof newStreamId !== 'string') throw new Error('requeue failed');
    return { letter, newStreamId };
  }

  async remove(id: string): Promise<boolean> {
    return (await this.redis.xdel(this.key, id)) === 1;
  }
}

/** A dead-letter entry as read back; an entry written by hand reads as well as it can, never throws. */
export function decodeDeadLetter(id: string, flat: string[]): DeadLetter {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i] as string, flat[i + 1] as string);
  let fields: string[] = [];
  try {
    const parsed: unknown = JSON.parse(map.get('fields') ?? '[]');
    if (Array.isArray(parsed)) fields = parsed.map(String);
  } catch {
    // An entry someone wrote by hand: show it without fields rather than fail the page.
  }
  const kind = map.get('kind');
  return {
    id,
    kind: kind === 'unreadable' || kind === 'rejected' || kind === 'failing' ? kind : 'failing',
    stream: map.get('stream') ?? '',
    streamId: map.get('streamId') ?? '',
    reason: map.get('reason') ?? '',
    deliveries: Number(map.get('deliveries') ?? 0) || 0,
    fields,
    at: new Date(Number(map.get('at') ?? 0) || Number(id.split('-')[0])),
  };
}

const MAX_PAYLOAD = 2000;

/** What an operator sees of the record: its `cdr` field when it has one, else all fields; truncated. */
export function payloadOf(letter: DeadLetter): string {
  const index = letter.fields.indexOf('cdr');
  const raw =
    index >= 0 && index % 2 === 0 ? (letter.fields[index + 1] ?? '') : JSON.stringify(letter.fields);
  return raw.length > MAX_PAYLOAD ? `${raw.slice(0, MAX_PAYLOAD)}…` : raw;
}
