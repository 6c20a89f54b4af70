// The in-memory view of every allow and block list, asked once per CDR by the pipeline.
// Per call: one Map lookup for numbers, one per prefix length (at most 15) for prefixes, and a
// binary search per list and length for ranges (entries of one list never overlap, so a
// list's ranges of one length are disjoint and sorted). Expired entries never match: expiry is
// checked at match time, and the next reload drops them.
import { type EntrySpan, spanSize } from './list-entries';
import type { CallScore } from './scoring';

export type ListKindName = 'ALLOW' | 'BLOCK';

/** A list entry is a person's decision, and comes before the model and the reports. */
export function listVerdict(kind: ListKindName): 'DANGEROUS' | 'SAFE' {
  return kind === 'BLOCK' ? 'DANGEROUS' : 'SAFE';
}

/**
 * What a call shows wherever it is shown (ingestCalls' answer, the live stream, calls(ids),
 * recentEvents): the model's score with the deciding list's verdict, flagged only when blocked
 * (the model's riskScore kept beside it); with no list, the model's score as it is. A stored row
 * (the model's verdict and its listKind) comes out exactly as its batch was answered and streamed.
 */
export function listedScore<S extends Pick<CallScore, 'verdict' | 'flagged'>>(
  score: S,
  kind: ListKindName | null | undefined,
): S {
  return kind ? { ...score, verdict: listVerdict(kind), flagged: kind === 'BLOCK' } : score;
}

export interface MatchedEntry extends EntrySpan {
  id: string;
  listId: string;
  listName: string;
  kind: ListKindName;
  reason: string;
  source: string;
  addedBy: string;
  addedAt: Date;
  expiresAt: Date | null;
}

interface ListIndex {
  numbers: Map<string, MatchedEntry>;
  prefixes: Map<string, MatchedEntry>;
  /** Per length, ranges sorted by their first number. */
  ranges: Map<number, MatchedEntry[]>;
}

function indexEntries(entries: readonly MatchedEntry[]): ListIndex {
  const index: ListIndex = { numbers: new Map(), prefixes: new Map(), ranges: new Map() };
  for (const entry of entries) {
    if (entry.match === 'NUMBER') index.numbers.set(entry.value, entry);
    else if (entry.match === 'PREFIX') index.prefixes.set(entry.value, entry);
    else {
      const list = index.ranges.get(entry.value.length) ?? [];
      list.push(entry);
      index.ranges.set(entry.value.length, list);
    }
  }
  for (const list of index.ranges.values()) list.sort((a, b) => (a.value < b.value ? -1 : 1));
  return index;
}

function rangeContaining(ranges: readonly MatchedEntry[], number: string): MatchedEntry | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = ranges[mid] as MatchedEntry;
    if (number < range.value) hi = mid - 1;
    else if (number > (range.rangeTo as string)) lo = mid + 1;
    else return range;
  }
  return undefined;
}

const live = (entry: MatchedEntry | undefined, now: number): entry is MatchedEntry =>
  entry !== undefined && (entry.expiresAt === null || entry.expiresAt.getTime() > now);

/**
 * Which entry decides a number that is on several: the one naming the fewest numbers (a number
 * beats a range beats a wide prefix); on a tie, BLOCK. See docs/decisions/016-lists.md.
 */
export function decidingEntry(entries: readonly MatchedEntry[], number: string): MatchedEntry | null {
  let best: MatchedEntry | null = null;
  let bestSize = Number.POSITIVE_INFINITY;
  for (const entry of entries) {
    const size = spanSize(entry, number.length);
    if (size < bestSize || (size === bestSize && entry.kind === 'BLOCK' && best?.kind === 'ALLOW')) {
      best = entry;
      bestSize = size;
    }
  }
  return best;
}

export class ListMatcher {
  private readonly lists = new Map<string, ListIndex>();
  /** Bumped on every change, so callers can tell the view moved on. */
  version = 0;

  /** Replaces one list's entries (after a change) or removes the list (entries null). */
  replaceList(listId: string, entries: readonly MatchedEntry[] | null): void {
    if (entries === null) this.lists.delete(listId);
    else this.lists.set(listId, indexEntries(entries));
    this.version += 1;
  }

  /** Replaces every list (the periodic full reload). */
  replaceAll(entriesByList: Map<string, MatchedEntry[]>): void {
    this.lists.clear();
    for (const [listId, entries] of entriesByList) this.lists.set(listId, indexEntries(entries));
    this.version += 1;
  }

  get size(): number {
    let size = 0;
    for (const index of this.lists.values()) {
      size += index.numbers.size + index.prefixes.size;
      for (const ranges of index.ranges.values()) size += ranges.length;
    }
    return size;
  }

  /** Every live entry covering the number, on any list. */
  matches(number: string, now = Date.now()): MatchedEntry[] {
    const found: MatchedEntry[] = [];
    for (const index of this.lists.values()) {
      const exact = index.numbers.get(number);
      if (live(exact, now)) found.push(exact);
      if (index.prefixes.size > 0) {
        for (let length = 2; length <= number.length; length++) {
          const entry = index.prefixes.get(number.slice(0, length));
          if (live(entry, now)) found.push(entry);
        }
      }
      const ranges = index.ranges.get(number.length);
      if (ranges) {
        const entry = rangeContaining(ranges, number);
        if (live(entry, now)) found.push(entry);
      }
    }
    return found;
  }

  /** The entry that decides the number, or null when it is on no list. */
  verdict(number: string, now = Date.now()): MatchedEntry | null {
    if (this.lists.size === 0) return null;
    const found = this.matches(number, now);
    if (found.length === 0) return null;
    return found.length === 1 ? (found[0] as MatchedEntry) : decidingEntry(found, number);
  }
}
