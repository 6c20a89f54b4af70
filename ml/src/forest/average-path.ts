const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n points,
 * the normaliser of Liu, Ting & Zhou (2008). c(2) = 1 and c(n <= 1) = 0, as in the paper's
 * journal version (TKDD 2012) and scikit-learn.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}
