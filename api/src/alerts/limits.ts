// The two memories that keep alerts from flooding, pure and clocked by their caller.

/** At most `max` new alerts of each kind per wall-clock minute (per kind, so a flood of one kind never hides another). */
export class PerKindMinuteCap<Kind extends string> {
  private minuteStart = Number.NEGATIVE_INFINITY;
  private readonly taken = new Map<Kind, number>();

  constructor(private readonly max: number) {}

  /** Takes one of this minute's alerts of `kind`; false when they are all taken. */
  take(kind: Kind, now: number): boolean {
    if (now - this.minuteStart >= 60_000) {
      this.minuteStart = now;
      this.taken.clear();
    }
    const taken = this.taken.get(kind) ?? 0;
    if (taken >= this.max) return false;
    this.taken.set(kind, taken + 1);
    return true;
  }
}

/** Keys seen within the last `ttlMs`, forgetting everything past `maxKeys` (memory stays bounded). */
export class RecentKeys {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** True when the key was seen less than ttlMs ago; otherwise notes it as seen now. */
  seen(key: string, now: number): boolean {
    const at = this.seenAt.get(key);
    if (at !== undefined && now - at < this.ttlMs) return true;
    if (this.seenAt.size >= this.maxKeys) this.seenAt.clear();
    this.seenAt.set(key, now);
    return false;
  }
}
