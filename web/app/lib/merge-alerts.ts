import type { Alert } from './graphql/fragments';

/** Live alerts first, then the loaded ones, each once (a reload may already include live ones). */
export function mergeAlerts(live: readonly Alert[], loaded: readonly Alert[], limit: number): Alert[] {
  const seen = new Set<string>();
  const merged: Alert[] = [];
  for (const alert of [...live, ...loaded]) {
    if (seen.has(alert.id)) continue;
    seen.add(alert.id);
    merged.push(alert);
  }
  return merged.slice(0, limit);
}

/** The newer of two snapshots by `updatedAt` (ISO-8601 strings compare in time order). */
export function newerSnapshot<T extends { updatedAt: string }>(a: T | null, b: T): T {
  return a && a.updatedAt > b.updatedAt ? a : b;
}
