import type { DatasetData } from '../../../shared/domain/dataset';
import type { MlpParams } from '../../../shared/domain/params/training';
import type { RunSeriesPoint } from '../../../shared/domain/run';
import { traceRows } from '../../engine/nn/forward';
import { trainMlp } from '../../engine/train/mlp';
import type { JobContext, RunJobOutcome } from '../protocol';
import { evaluationOnSplits, trainingRows } from './data';
import { TRACE_LIMIT } from './evaluate';

export function runMlp(params: MlpParams, data: DatasetData, context: JobContext): RunJobOutcome {
  const started = performance.now();
  const rows = trainingRows(data);
  const result = trainMlp(rows, params, {
    onProgress: (epoch, loss, accuracy) => {
      context.report({
        fraction: params.epochs ? Math.min(1, epoch / params.epochs) : 1,
        message: `epoch ${epoch} of ${params.epochs}, loss ${loss.toPrecision(5)}`,
        points: [
          { name: 'loss', step: epoch, x: epoch, y: loss },
          { name: 'accuracy', step: epoch, x: epoch, y: accuracy },
        ],
      });
    },
    shouldStop: context.cancelled,
  });
  const series: Record<string, RunSeriesPoint[]> = {
    loss: result.history.epoch.map((epoch, i) => ({ step: epoch, x: epoch, y: result.history.loss[i]! })),
    accuracy: result.history.epoch.map((epoch, i) => ({ step: epoch, x: epoch, y: result.history.accuracy[i]! })),
  };
  const computeMs = performance.now() - started;
  if (result.status === 'diverged') {
    // The weights hold NaN or Inf: never kept as a model.
    return {
      status: 'diverged',
      metrics: { epochs: result.epochs },
      model: null,
      result: null,
      error: `The loss became NaN or infinite at epoch ${result.epochs}: lower the learning rate.`,
      log: '',
      series,
      computeMs,
    };
  }
  const split = evaluationOnSplits(result.network, data);
  return {
    status: result.status,
    metrics: { accuracy: result.accuracy, loss: result.loss, epochs: result.epochs, ...split.metrics },
    model: result.network,
    result: {
      trace: traceRows(result.network, data.X, data.y, TRACE_LIMIT),
      traceTruncated: data.X.length > TRACE_LIMIT,
      details: { stoppedEarly: result.stoppedEarly, steps: result.steps, ...split.details },
    },
    error: result.status === 'cancelled' ? `Cancelled by the user after ${result.epochs} epochs; the weights at that point are kept.` : null,
    log: result.stoppedEarly ? `Stopped early: the loss fell below stopLoss after ${result.epochs} epochs.` : '',
    series,
    computeMs,
  };
}
