// Redis Cluster runs a script only when all its keys are in one hash slot. A key whose name holds
// `{tag}` is slotted by the tag alone, so keys one script touches together share a tag: the lease
// and its fencing counter; the sign-in throttle's account and client counters.

/** The name wrapped as a hash tag: `{name}`, and `{name}:anything` lands in the same slot. */
export function hashTagged(name: string): string {
  return `{${name}}`;
}

/** True when the key names a hash tag (a `{` followed later by a non-empty tag and `}`). */
export function hasHashTag(key: string): boolean {
  const open = key.indexOf('{');
  if (open < 0) return false;
  const close = key.indexOf('}', open + 1);
  return close > open + 1;
}
