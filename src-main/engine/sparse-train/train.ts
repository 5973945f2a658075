/**
 * The `milp-train` entry point: builds, solves and verifies, choosing between
 * one MILP over all networks and the level-by-level search over connection
 * supports (support-search.ts).
 *
 * A network found by the support search is written into the per-sample-M
 * model and checked by `assessSolution` like any solver answer: a forward pass
 * on every sample and the model's own rows.
 */
import { z } from 'zod';
import type { Network } from '../../../shared/domain/network';
import type { MilpTrainParams, MilpTrainParamsInput } from '../../../shared/domain/params/milp';
import { traceForward } from '../nn/forward';
import { solveModel, type Highs, type SolveResult } from '../highs/highs';
import {
  assessSolution,
  buildSparseTrainModel,
  CONNECTION_EPS,
  emptyStats,
  explainInfeasible,
  SPARSE_TRAIN_SOLVER_OPTIONS,
  verifyNetwork,
  zeroNetworkStart,
  type SparseTrainData,
  type SparseTrainHooks,
  type SparseTrainModel,
  type SparseTrainResult,
} from './formulation';
import { countShapes, searchLevels, type SupportSearchProblem } from './support-search';

/** Above this many network shapes the single MILP is used (d = 2, width 4 has 209; d = 3, width 4 has 6,434). */
export const SHAPE_BUDGET = 2000;

/** Whether `trainSparse` will search by support for these data and parameters. */
export function searchesBySupport(params: MilpTrainParams, features: number): boolean {
  return params.strategy === 'auto' && params.mode !== 'l1' && countShapes(features, params.width, SHAPE_BUDGET) <= SHAPE_BUDGET;
}

/**
 * Builds, solves and verifies. Never throws: invalid data and solver failures
 * come back as status 'error' with a message.
 */
export function trainSparse(
  highs: Highs,
  data: SparseTrainData,
  paramsInput: MilpTrainParamsInput,
  hooks: SparseTrainHooks = {},
): SparseTrainResult {
  const started = performance.now();
  let built: SparseTrainModel;
  try {
    built = buildSparseTrainModel(data, paramsInput, { plain: hooks.plain });
  } catch (e) {
    const message = e instanceof z.ZodError ? z.prettifyError(e) : e instanceof Error ? e.message : String(e);
    return {
      status: 'error',
      message: `Cannot build the model: ${message}`,
      provenOptimal: false,
      metrics: { solveMs: 0, nodes: 0, variables: 0, constraints: 0, binaries: 0 },
      model: null,
      activationPattern: null,
      outputs: null,
      outputWeights: null,
      formulation: hooks.plain ? 'plain' : 'tight',
      effectiveWeightBound: NaN,
      effectiveBiasBound: NaN,
      modelStats: emptyStats(),
      solver: { status: 'not run', message: '' },
      log: '',
      search: { strategy: 'single-milp' },
    };
  }
  const params = built.params;
  if (!hooks.plain && searchesBySupport(params, built.inputs)) return withExplanation(trainBySupport(highs, data, built, hooks, started));
  const solved = solveModel(highs, built.model, {
    timeLimit: params.timeLimit,
    mipGap: params.mipGap,
    start: params.mode === 'l1' ? zeroNetworkStart(built, data) : undefined,
    onProgress: hooks.onProgress,
    shouldStop: hooks.shouldStop,
    onLog: hooks.onLog,
    options: { ...SPARSE_TRAIN_SOLVER_OPTIONS, ...hooks.solverOptions },
  });
  return withExplanation(assessSolution(built, data, solved));

  function withExplanation(result: SparseTrainResult): SparseTrainResult {
    if (result.status === 'infeasible') {
      const secondsLeft = params.timeLimit - (performance.now() - started) / 1000;
      try {
        const refuted = result.search.strategy === 'by-support' ? ` The support search refuted all ${result.metrics.shapesTried} network shapes.` : '';
        result.message = explainInfeasible(highs, data, params, secondsLeft, hooks.shouldStop) + refuted;
      } catch {
        // Keep the generic sentence from assessSolution.
      }
    }
    return result;
  }
}

/**
 * Share of the time limit the level search may use. If it has not finished by
 * then, the single MILP gets the rest: a time limit then still ends with the
 * best network found, and the levels refuted so far remain a proven bound.
 */
const LEVEL_SEARCH_SHARE = 0.75;

function trainBySupport(
  highs: Highs,
  data: SparseTrainData,
  built: SparseTrainModel,
  hooks: SparseTrainHooks,
  started: number,
): SparseTrainResult {
  const params = built.params;
  const elapsed = () => performance.now() - started;
  let log = '';
  const say = (line: string) => {
    log += `${line}\n`;
    hooks.onLog?.(line);
  };
  let lastEmit = -Infinity;
  const progress = (level: number, nodes: number, kind: 'log' | 'final', primal: number | null) => {
    const now = elapsed();
    if (kind === 'log' && now - lastEmit < 200) return;
    lastEmit = now;
    const gap = primal === null ? null : primal === 0 ? 0 : Math.max(0, (primal - level) / primal);
    hooks.onProgress?.({ elapsedMs: now, primal, dual: level, gap, nodes, kind });
  };

  say('Searching level by level over connection supports (one feasibility MILP per network shape).');
  const problem: SupportSearchProblem = {
    X: data.X,
    y: data.y,
    mode: params.mode === 'exact' ? 'exact' : 'margin',
    width: params.width,
    weightBound: built.effectiveWeightBound,
    biasBound: built.effectiveBiasBound,
  };
  const outcome = searchLevels(highs, problem, {
    deadline: started + LEVEL_SEARCH_SHARE * params.timeLimit * 1000,
    shouldStop: hooks.shouldStop,
    onLog: say,
    onShape: (p) => progress(p.level, p.nodes, 'log', null),
  });
  const search = { strategy: 'by-support' as const, shapesTried: outcome.shapesTried };

  if (outcome.status === 'time-limit') {
    // Out of the search's share: the single MILP looks for a network in the time left.
    say(`Level search stopped at ${outcome.level} connections (all fewer refuted); the single MILP takes the remaining time.`);
    const solved = solveModel(highs, built.model, {
      timeLimit: Math.max(0.01, params.timeLimit - elapsed() / 1000),
      mipGap: params.mipGap,
      onProgress: hooks.onProgress && ((p) => hooks.onProgress!({ ...p, elapsedMs: elapsed(), dual: Math.max(p.dual ?? 0, outcome.level) })),
      shouldStop: hooks.shouldStop,
      onLog: hooks.onLog,
      options: { ...SPARSE_TRAIN_SOLVER_OPTIONS, ...hooks.solverOptions },
    });
    const bound = Math.max(solved.bound ?? 0, outcome.level);
    const gap = solved.objective === null ? null : solved.objective === 0 ? 0 : Math.max(0, (solved.objective - bound) / solved.objective);
    const result = assessSolution(built, data, { ...solved, nodes: solved.nodes + outcome.nodes, bound, gap, elapsedMs: elapsed(), log: log + solved.log });
    result.search = search;
    result.metrics.shapesTried = outcome.shapesTried;
    return result;
  }

  const core = buildSparseTrainModel(data, { ...params, symmetryBreaking: false, tightening: false });
  let network: Network | null = null;
  let status: SolveResult['status'];
  let message: string;
  if (outcome.status === 'found') {
    network = outcome.network;
    status = 'optimal';
    message = `optimal: every shape with fewer connections refuted (${outcome.shapesTried} shapes tried)`;
  } else if (outcome.status === 'exhausted') {
    status = 'infeasible';
    message = `infeasible: every network shape refuted (${outcome.shapesTried} shapes)`;
  } else {
    status = outcome.status;
    message = outcome.message;
  }
  const objective = network ? verifyNetwork(network, data).connections : null;
  const bound = objective === null ? outcome.level : Math.min(outcome.level, objective);
  progress(bound, outcome.nodes, 'final', objective);
  say(`Support search: ${message} in ${(elapsed() / 1000).toFixed(2)} s.`);
  const result = assessSolution(core, data, {
    status,
    objective,
    bound: status === 'infeasible' ? null : bound,
    gap: objective === null ? null : objective === 0 ? 0 : (objective - bound) / objective,
    nodes: outcome.nodes,
    x: network ? encodeNetwork(core, network, data) : null,
    message,
    elapsedMs: elapsed(),
    solverStatus: `support search: ${outcome.status}`,
    log,
  });
  result.formulation = 'tight';
  result.search = search;
  result.metrics.shapesTried = outcome.shapesTried;
  if (result.status === 'optimal') {
    result.message += ` Found by the support search: HiGHS refuted every network shape with fewer connections (${outcome.shapesTried - 1} shape${outcome.shapesTried === 2 ? '' : 's'}).`;
  }
  return result;
}

/** The values every variable of a sparse-training model takes for a given network (no symmetry or tightening rows assumed). */
export function encodeNetwork(built: SparseTrainModel, network: Network, data: SparseTrainData): Float64Array {
  const x = new Float64Array(built.model.numVars);
  const { vars } = built;
  const hidden = network.layers[0]!;
  const v = network.layers[1]!.W[0]!;
  hidden.W.forEach((row, i) => {
    row.forEach((wv, j) => {
      x[vars.w[i]![j]!.index] = wv;
      x[vars.t[i]![j]!.index] = Math.abs(wv) > CONNECTION_EPS ? 1 : 0;
    });
    x[vars.b[i]!.index] = hidden.b[i]!;
    x[vars.vPlus[i]!.index] = v[i]! > 0 ? 1 : 0;
    x[vars.vMinus[i]!.index] = v[i]! < 0 ? 1 : 0;
  });
  data.X.forEach((xn, n) => {
    traceForward(network, xn).layers[0]!.pre.forEach((pre, i) => {
      const p = Math.max(0, pre);
      x[vars.z[i]![n]!.index] = pre > 0 ? 0 : 1;
      x[vars.p[i]![n]!.index] = p;
      x[vars.q[i]![n]!.index] = Math.max(0, -pre);
      x[vars.u[i]![n]!.index] = v[i]! > 0 ? p : 0;
      x[vars.r[i]![n]!.index] = v[i]! < 0 ? p : 0;
    });
  });
  return x;
}
