import type { SweepSummary } from '../../shared/domain/params/sweep';
import type { RunRecord } from '../../shared/domain/run';

/**
 * `result.details` is method-specific and typed `unknown` in the contract; these read the parts
 * the views draw, and return null for anything of another shape rather than trusting it.
 */

export interface ConfusionReport {
  /** confusion[true][predicted] */
  confusion: number[][];
  perClassAccuracy: number[];
  split: 'test' | 'train';
}

function isNumberMatrix(value: unknown): value is number[][] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row) && row.every((cell) => typeof cell === 'number'));
}

export function confusionOf(run: RunRecord): ConfusionReport | null {
  const details = run.result?.details;
  const report = details?.confusion as { confusion?: unknown; perClassAccuracy?: unknown } | undefined;
  if (!report || !isNumberMatrix(report.confusion) || !report.confusion.length) return null;
  const perClass = Array.isArray(report.perClassAccuracy) ? (report.perClassAccuracy as unknown[]).map((v) => (typeof v === 'number' ? v : Number.NaN)) : [];
  return { confusion: report.confusion, perClassAccuracy: perClass, split: details?.confusionSplit === 'train' ? 'train' : 'test' };
}

export function sweepSummaryOf(run: RunRecord): SweepSummary | null {
  const summary = run.result?.details?.sweep as SweepSummary | undefined;
  return summary && Array.isArray(summary.groups) && typeof summary.total === 'number' ? summary : null;
}

/** How many runs a sweep makes, from its params: known before any of them finishes. */
export function sweepRunTotal(params: Record<string, unknown>): number {
  const grid = params.grid;
  const combinations = grid && typeof grid === 'object' ? Object.values(grid).reduce((product: number, values) => product * (Array.isArray(values) ? values.length : 1), 1) : 1;
  const seeds = typeof params.seeds === 'number' ? params.seeds : 1;
  return combinations * seeds;
}
