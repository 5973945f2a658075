import type { DatasetData } from '../../../shared/domain/dataset';
import type { LogisticParams } from '../../../shared/domain/params/training';
import { trainLogistic } from '../../engine/train/logistic';
import type { JobContext, RunJobOutcome } from '../protocol';
import { evaluationOnSplits, trainingRows } from './data';
import { TRACE_LIMIT } from './evaluate';
import { traceRows } from '../../engine/nn/forward';

export function runLogistic(params: LogisticParams, data: DatasetData, context: JobContext): RunJobOutcome {
  const started = performance.now();
  const rows = trainingRows(data);
  const objective: { step: number; x: number; y: number }[] = [];
  const result = trainLogistic(rows, params, {
    onProgress: (iteration, value) => {
      objective.push({ step: iteration, x: iteration, y: value });
      context.report({ fraction: Math.min(1, iteration / params.maxIter), message: `iteration ${iteration}, objective ${value.toPrecision(6)}`, points: [{ name: 'objective', step: iteration, x: iteration, y: value }] });
    },
    shouldStop: context.cancelled,
  });
  const split = evaluationOnSplits(result.network, data);
  const status = result.status === 'diverged' ? 'diverged' : result.status;
  return {
    status,
    metrics: { accuracy: result.accuracy, loss: result.loss, iterations: result.iterations, objective: result.objective, ...split.metrics },
    model: status === 'diverged' ? null : result.network,
    result: {
      trace: traceRows(result.network, data.X, data.y, TRACE_LIMIT),
      traceTruncated: data.X.length > TRACE_LIMIT,
      details: { converged: result.converged, gradInf: result.gradInf, classes: result.classes, ...split.details },
    },
    error: status === 'diverged' ? 'The objective became NaN or infinite.' : status === 'cancelled' ? 'Cancelled by the user.' : null,
    log: result.converged ? '' : `Stopped after ${result.iterations} iterations without reaching the tolerance (‖∇f‖∞ = ${result.gradInf.toExponential(2)}).`,
    series: { objective },
    computeMs: performance.now() - started,
  };
}
