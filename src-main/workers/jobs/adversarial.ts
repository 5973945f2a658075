import type { DatasetData } from '../../../shared/domain/dataset';
import { formulationById } from '../../../shared/domain/formulations';
import type { Network } from '../../../shared/domain/network';
import type { AdversarialParams } from '../../../shared/domain/params/attack';
import type { RunSeriesPoint } from '../../../shared/domain/run';
import { runAdversarial } from '../../engine/attack/adversarial';
import { highsVersion, loadHighs } from '../../engine/highs/load-highs';
import type { JobContext, RunJobOutcome } from '../protocol';

/** The input under attack: an explicit vector, or sample k of the chosen split. */
export function attackInput(params: AdversarialParams, data: DatasetData): { x0: number[]; label: number } {
  if (params.input) return { x0: params.input, label: params.label! };
  const k = params.sample ?? 0;
  const test = data.testIndices ?? [];
  const rows = params.split === 'test' ? test : params.split === 'train' ? trainingIndices(data) : data.X.map((_, i) => i);
  if (params.split === 'test' && test.length === 0) throw new Error('this data set has no test split: use "split": "train" or "all"');
  const row = rows[k];
  if (row === undefined) throw new Error(`sample ${k} does not exist: the ${params.split} split has ${rows.length} rows`);
  return { x0: data.X[row]!, label: params.label ?? data.y[row]! };
}

function trainingIndices(data: DatasetData): number[] {
  const test = new Set(data.testIndices ?? []);
  return data.X.map((_, i) => i).filter((i) => !test.has(i));
}

/** The smallest change of an input that flips the trained net's decision, by the chosen formulation. */
export async function runAttack(params: AdversarialParams, data: DatasetData, network: Network, context: JobContext): Promise<RunJobOutcome> {
  const started = performance.now();
  const { x0, label } = attackInput(params, data);
  const highs = await loadHighs();
  const primal: RunSeriesPoint[] = [];
  const dual: RunSeriesPoint[] = [];
  const result = runAdversarial(highs, network, x0, label, params, {
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
      context.report({ fraction: p.gap === null ? null : Math.max(0, Math.min(1, 1 - p.gap)), message: p.message ?? `${p.phase}: ${seconds.toFixed(1)} s`, points });
    },
  });
  let status: RunJobOutcome['status'] = result.status === 'interrupted' ? 'cancelled' : result.status === 'error' ? 'failed' : result.status;
  // An exact answer stands only if the true network agrees (the witness, a double-precision forward pass).
  if (formulationById(result.formulation).kind === 'exact' && (status === 'optimal' || status === 'time-limit') && result.x && !result.witness?.valid) {
    status = 'verification-failed';
    result.message = `The MIP's answer does not fool the true network (margin ${result.witness?.margin ?? 'unknown'} < ${result.margin}): not accepted. ${result.message}`;
  }
  const numeric = (v: number | null) => (v === null ? undefined : v);
  const metrics = Object.fromEntries(
    Object.entries({
      objective: numeric(result.objective),
      bound: numeric(result.bound),
      gap: numeric(result.gap),
      timeMs: result.timeMs,
      solveMs: result.timeMs,
      variables: result.variables,
      constraints: result.constraints,
      binaries: result.binaries,
      stableNeurons: numeric(result.stableNeurons),
      unstableNeurons: numeric(result.unstableNeurons),
      tightenedStable: result.tightenedStable,
      nodes: result.nodes,
      witnessValid: result.witness ? (result.witness.valid ? 1 : 0) : undefined,
      witnessMargin: result.witness?.margin,
    }).filter(([, v]) => v !== undefined),
  ) as Record<string, number>;
  return {
    status,
    metrics,
    model: null,
    result: {
      solution: { x: result.x, x0: result.x0, label: result.label },
      witness: result.witness,
      details: {
        message: result.message,
        formulation: result.formulation,
        norm: result.norm,
        criterion: result.criterion,
        margin: result.margin,
        tightening: result.tightening,
        originalPredicted: result.originalPredicted,
        originalLogits: result.originalLogits,
        local: result.local,
        radius: result.radius,
        anyStrategy: result.anyStrategy,
        targets: result.targets,
        bounds: result.bounds,
        timings: result.timings,
      },
    },
    error: status === 'failed' || status === 'infeasible' || status === 'verification-failed' ? result.message : null,
    log: result.log,
    series: { primal, dual },
    computeMs: performance.now() - started,
    solverVersion: highsVersion(highs),
  };
}
