import type { DatasetData } from '../../../shared/domain/dataset';
import { inputSize, type Network } from '../../../shared/domain/network';
import type { MethodParams } from '../../../shared/domain/methods';
import type { RunMetrics } from '../../../shared/domain/run';
import { forward, predictClass, traceRows } from '../../engine/nn/forward';
import type { RunJobOutcome } from '../protocol';

/** Traces beyond this many samples would bloat the history without helping anyone read them. */
export const TRACE_LIMIT = 500;

/** Accuracy (classification) and mean squared error of a network on a data set. */
export function scoreNetwork(net: Network, data: DatasetData, threshold = 0.5): RunMetrics {
  let correct = 0;
  let squared = 0;
  data.X.forEach((x, n) => {
    const out = forward(net, x);
    const target = data.y[n]!;
    if (out.length === 1) squared += (out[0]! - target) ** 2;
    else out.forEach((o, k) => (squared += (o - (k === target ? 1 : 0)) ** 2));
    if (predictClass(out, threshold) === target) correct++;
  });
  const metrics: RunMetrics = { loss: squared / data.X.length };
  if (data.task !== 'regression') metrics.accuracy = correct / data.X.length;
  return metrics;
}

export function outcomeFor(net: Network, data: DatasetData, started: number, threshold = 0.5, log = ''): RunJobOutcome {
  const trace = traceRows(net, data.X, data.y, TRACE_LIMIT, threshold);
  return {
    status: 'completed',
    metrics: scoreNetwork(net, data, threshold),
    model: net,
    result: { trace, traceTruncated: data.X.length > TRACE_LIMIT },
    error: null,
    log,
    series: {},
    computeMs: performance.now() - started,
  };
}

export function runEvaluate(params: MethodParams<'evaluate'>, data: DatasetData): RunJobOutcome {
  const started = performance.now();
  const expected = data.featureNames.length;
  if (inputSize(params.network) !== expected) {
    return {
      status: 'failed',
      metrics: {},
      model: params.network,
      result: null,
      error: `The network takes ${inputSize(params.network)} inputs but the data set has ${expected} features.`,
      log: '',
      series: {},
      computeMs: performance.now() - started,
    };
  }
  return outcomeFor(params.network, data, started);
}
