import type { ModelInfo } from './graphql/model';

/** Importances as shares of their total, largest first, whatever scale the model used. */
export function importanceShares(
  importances: ModelInfo['featureImportances'],
): { feature: string; label: string; share: number }[] {
  const total = importances.reduce((sum, item) => sum + Math.max(0, item.importance), 0);
  return importances
    .map((item) => ({
      feature: item.feature,
      label: item.label,
      share: total > 0 ? Math.max(0, item.importance) / total : 0,
    }))
    .sort((a, b) => b.share - a.share);
}
