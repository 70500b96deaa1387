/** Duration distributions. */
import type { DurationStats } from './types.ts';

/**
 * Nearest-rank percentile of an ascending-sorted array: the smallest value with at least p of the
 * values at or below it. `sorted` must not be empty.
 */
export function percentileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const rank = Math.ceil(p * n);
  return sorted[Math.min(n - 1, Math.max(0, rank - 1))];
}

/** Sorts `values` in place and summarizes them; null for no values. */
export function summarize(values: Float64Array): DurationStats | null {
  if (values.length === 0) return null;
  values.sort();
  return {
    count: values.length,
    p50: percentileSorted(values, 0.5),
    p95: percentileSorted(values, 0.95),
    p99: percentileSorted(values, 0.99),
    max: values[values.length - 1],
  };
}
