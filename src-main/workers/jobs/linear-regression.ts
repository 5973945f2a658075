import type { DatasetData } from '../../../shared/domain/dataset';
import type { MethodParams } from '../../../shared/domain/methods';
import { fitLeastSquares, leastSquaresNetwork } from '../../engine/train/least-squares';
import type { RunJobOutcome } from '../protocol';
import { outcomeFor } from './evaluate';

export function runLinearRegression(params: MethodParams<'linear-regression'>, data: DatasetData): RunJobOutcome {
  const started = performance.now();
  const fit = fitLeastSquares(data.X, data.y);
  const log = fit.droppedColumns.length
    ? `Columns ${fit.droppedColumns.map((j) => data.featureNames[j]).join(', ')} are linear combinations of others; their weights are fixed at 0.`
    : '';
  const outcome = outcomeFor(leastSquaresNetwork(fit), data, started, params.threshold, log);
  outcome.result = { ...outcome.result, details: { weights: fit.weights, intercept: fit.intercept, threshold: params.threshold } };
  return outcome;
}
