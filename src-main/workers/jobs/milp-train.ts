import type { DatasetData } from '../../../shared/domain/dataset';
import type { MilpTrainParams } from '../../../shared/domain/params/milp';
import type { RunSeriesPoint } from '../../../shared/domain/run';
import { traceRows } from '../../engine/nn/forward';
import { trainSparse } from '../../engine/sparse-train/train';
import { loadHighs, highsVersion } from '../../engine/highs/load-highs';
import type { JobContext, RunJobOutcome } from '../protocol';
import { trainingRows } from './data';
import { TRACE_LIMIT } from './evaluate';

/** Sparse exact training on HiGHS: live bounds, the verified network, its activation pattern. */
export async function runMilpTrain(params: MilpTrainParams, data: DatasetData, context: JobContext): Promise<RunJobOutcome> {
  const started = performance.now();
  const highs = await loadHighs();
  const rows = trainingRows(data);
  const primal: RunSeriesPoint[] = [];
  const dual: RunSeriesPoint[] = [];
  const result = trainSparse(highs, rows, params, {
    shouldStop: context.cancelled,
    onProgress: (p) => {
      const seconds = p.elapsedMs / 1000;
      const points = [];
      if (p.primal !== null) {
        primal.push({ step: primal.length, x: seconds, y: p.primal });
        points.push({ name: 'primal', step: primal.length - 1, x: seconds, y: p.primal });
      }
      if (p.dual !== null) {
        dual.push({ step: dual.length, x: seconds, y: p.dual });
        points.push({ name: 'dual', step: dual.length - 1, x: seconds, y: p.dual });
      }
      const gapText = p.gap === null ? 'no incumbent yet' : `gap ${(100 * p.gap).toFixed(2)} %`;
      context.report({
        fraction: p.gap === null ? null : Math.max(0, Math.min(1, 1 - p.gap)),
        message: `${seconds.toFixed(1)} s, ${p.nodes} nodes, best ${p.primal ?? '—'}, bound ${p.dual === null ? '—' : p.dual.toFixed(3)}, ${gapText}`,
        points,
      });
    },
  });
  const m = result.metrics;
  // A solve that ends before the first progress report still gets its final bounds on the chart.
  const endSeconds = m.solveMs / 1000;
  if (m.objective !== undefined && primal.at(-1)?.y !== m.objective) primal.push({ step: primal.length, x: endSeconds, y: m.objective });
  if (m.bound !== undefined && dual.at(-1)?.y !== m.bound) dual.push({ step: dual.length, x: endSeconds, y: m.bound });
  const status = result.status === 'interrupted' ? 'cancelled' : result.status === 'error' ? 'failed' : result.status;
  const metrics = Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  return {
    status,
    metrics,
    model: result.model,
    result: {
      ...(result.model ? { trace: traceRows(result.model, data.X, data.y, TRACE_LIMIT), traceTruncated: data.X.length > TRACE_LIMIT } : {}),
      details: {
        provenOptimal: result.provenOptimal,
        message: result.message,
        activationPattern: result.activationPattern,
        outputs: result.outputs,
        outputWeights: result.outputWeights,
        formulation: result.formulation,
        effectiveWeightBound: result.effectiveWeightBound,
        effectiveBiasBound: result.effectiveBiasBound,
        modelStats: result.modelStats,
        solver: result.solver,
        search: result.search,
      },
    },
    error: status === 'optimal' || status === 'time-limit' ? null : result.message,
    log: result.log,
    series: { primal, dual },
    computeMs: performance.now() - started,
    solverVersion: highsVersion(highs),
  };
}
