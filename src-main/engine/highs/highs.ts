/**
 * The HiGHS adapter: solves a `MilpModel` through highs-js's persistent API.
 *
 * Solver outcomes (optimal, time limit, infeasible, unbounded, interrupted,
 * errors inside HiGHS) come back as data in `SolveResult.status`; nothing here
 * throws for them. MIP logging and improving-solution callbacks become throttled
 * progress events; the interrupt callbacks honour `shouldStop()`, and an
 * interrupted or time-limited MIP keeps its incumbent.
 *
 * This is the one solve every formulation uses (the attack's MIP with a start
 * included); an LP re-solved many times in place is persistent-lp.ts. Only
 * engine/highs touches 'highs' (lint enforces it; the runtime is loaded by
 * load-highs.ts). A solve is synchronous and blocks its thread: call it from a
 * worker.
 */
import type { Highs, HighsCallbackMap, Model, OptionValue } from 'highs';
import type { MilpModel } from '../model/model';

export type { Highs } from 'highs';
/** The per-thread runtime loader (loaded lazily, once per worker). */
export { loadHighs } from './load-highs';

/** "HiGHS 1.15.1 (04024d7)" */
export function solverVersion(highs: Highs): string {
  return `HiGHS ${highs.version.string}${highs.version.gitHash ? ` (${highs.version.gitHash})` : ''}`;
}

export type SolveStatus = 'optimal' | 'time-limit' | 'infeasible' | 'unbounded' | 'interrupted' | 'error';

export interface SolveProgress {
  /** Wall-clock milliseconds since the solve started. */
  elapsedMs: number;
  /** Objective of the best solution found so far (null before the first one). */
  primal: number | null;
  /** Best proven bound on the objective (null when not available yet). */
  dual: number | null;
  /** Relative gap |primal − dual| / max(1, |primal|) as HiGHS reports it (null without an incumbent). */
  gap: number | null;
  nodes: number;
  /** What triggered the event. */
  kind: 'log' | 'improving' | 'final';
}

export interface SolveOptions {
  /** Seconds; omitted or Infinity for none. */
  timeLimit?: number;
  /** Relative MIP gap at which the solve stops (HiGHS mip_rel_gap; its default is 1e-4). */
  mipGap?: number;
  onProgress?: (progress: SolveProgress) => void;
  /** Polled by the interrupt callbacks; true stops the solve and keeps the incumbent. */
  shouldStop?: () => boolean;
  /** Solver log lines (HiGHS's own text, also kept in the result's log). */
  onLog?: (line: string) => void;
  /** Minimum milliseconds between 'log' progress events (improving solutions always pass). Default 200. */
  progressIntervalMs?: number;
  /** Further HiGHS options by their snake_case names (e.g. mip_heuristic_effort). */
  options?: Readonly<Record<string, OptionValue>>;
  /** Keep the solver's log text in the result (default true; capped at about 200 kB). */
  keepLog?: boolean;
  /**
   * A starting point, one value per model variable (MIP only): HiGHS checks it
   * and, when feasible, starts from it as the incumbent. An infeasible start is
   * ignored by HiGHS; one of the wrong length makes the result status 'error'.
   */
  start?: ArrayLike<number>;
}

export interface SolveResult {
  status: SolveStatus;
  /** Objective of the returned solution (null when there is none). */
  objective: number | null;
  /** Proven bound (equal to the objective when optimal; null when unknown). */
  bound: number | null;
  /** Relative gap (0 when optimal, null when unknown). */
  gap: number | null;
  nodes: number;
  /** Values of the model's variables by index: the optimum or the incumbent; null when there is none. */
  x: Float64Array | null;
  /** One sentence on the outcome. */
  message: string;
  elapsedMs: number;
  /** HiGHS's own model status name. */
  solverStatus: string;
  log: string;
}

const MODEL_STATUS_NAMES: Record<number, string> = {
  0: 'not set',
  1: 'load error',
  2: 'model error',
  3: 'presolve error',
  4: 'solve error',
  5: 'postsolve error',
  6: 'empty',
  7: 'optimal',
  8: 'infeasible',
  9: 'unbounded or infeasible',
  10: 'unbounded',
  11: 'objective bound reached',
  12: 'objective target reached',
  13: 'time limit reached',
  14: 'iteration limit reached',
  15: 'unknown',
  16: 'solution limit reached',
  17: 'interrupted',
};

const LOG_LIMIT = 200_000;

function finiteOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function toNumber(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return 0;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Solves the model. Never throws for solver outcomes; an exception from HiGHS
 * itself (invalid data, a native error) becomes status 'error'. The HiGHS model
 * is always disposed.
 */
export function solveModel(highs: Highs, model: MilpModel, opts: SolveOptions = {}): SolveResult {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const isMip = model.isMip();
  const keepLog = opts.keepLog ?? true;
  let log = '';
  const onLogLine = (text: string) => {
    if (keepLog && log.length < LOG_LIMIT) log += text.endsWith('\n') ? text : `${text}\n`;
    opts.onLog?.(text.replace(/\n$/, ''));
  };

  const empty = (status: SolveStatus, message: string, solverStatus = ''): SolveResult => ({
    status,
    objective: null,
    bound: null,
    gap: null,
    nodes: 0,
    x: null,
    message,
    elapsedMs: elapsed(),
    solverStatus,
    log,
  });

  if (model.numVars === 0) {
    // HiGHS has nothing to do; the objective is its constant.
    const objective = model.objectiveOffset;
    return { ...empty('optimal', 'empty model'), objective, bound: objective, gap: 0, x: new Float64Array(0) };
  }

  let hm: Model | null = null;
  try {
    const data = model.toHighsModelData();
    hm = highs.createModel({
      ...data,
      sense: data.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      integrality: isMip ? data.integrality : undefined,
    });
    hm.options.set({ output_flag: true, log_to_console: false });
    if (opts.timeLimit !== undefined && Number.isFinite(opts.timeLimit)) {
      hm.options.set('time_limit', Math.max(0, opts.timeLimit));
    }
    if (opts.mipGap !== undefined) hm.options.set('mip_rel_gap', Math.max(0, opts.mipGap));
    const interval = opts.progressIntervalMs ?? 200;
    // A progress line in the solver log every second (HiGHS's default is 5 s);
    // progress events come from the interrupt callback, throttled to `interval`.
    hm.options.set('mip_min_logging_interval', 1);
    if (opts.options) hm.options.set(opts.options);
    if (opts.start && isMip) {
      if (opts.start.length !== model.numVars) {
        throw new Error(`start has ${opts.start.length} values for ${model.numVars} variables`);
      }
      hm.setSolution({ colValue: Float64Array.from(opts.start) });
    }

    let lastEmit = -Infinity;
    let stopRequested = false;
    const emit = (data: Record<string, unknown>, kind: SolveProgress['kind']) => {
      if (!opts.onProgress) return;
      const now = elapsed();
      if (kind === 'log' && now - lastEmit < interval) return;
      lastEmit = now;
      opts.onProgress({
        elapsedMs: now,
        primal: finiteOrNull(data.mip_primal_bound) ?? finiteOrNull(data.objective_function_value),
        dual: finiteOrNull(data.mip_dual_bound),
        gap: finiteOrNull(data.mip_primal_bound) === null ? null : finiteOrNull(data.mip_gap),
        nodes: toNumber(data.mip_node_count),
        kind,
      });
    };
    const wantsStop = () => {
      if (!stopRequested && opts.shouldStop?.()) stopRequested = true;
      return stopRequested;
    };
    const cb = highs.constants.callbackType;
    const callbacks: HighsCallbackMap = {
      [cb.logging]: (event) => {
        onLogLine(event.message);
        return undefined;
      },
      [cb.mipLogging]: (event) => {
        emit(event.data, 'log');
        return undefined;
      },
      [cb.mipImprovingSolution]: (event) => {
        emit(event.data, 'improving');
        return undefined;
      },
      [cb.mipInterrupt]: (event) => {
        // Called often during the search: also a steady source of throttled progress.
        emit(event.data, 'log');
        if (wantsStop()) event.interrupt();
        return undefined;
      },
      [cb.simplexInterrupt]: (event) => {
        if (wantsStop()) event.interrupt();
        return undefined;
      },
      [cb.ipmInterrupt]: (event) => {
        if (wantsStop()) event.interrupt();
        return undefined;
      },
    };

    let code: number = hm.run(callbacks).modelStatus;
    if (code === highs.constants.modelStatus.unboundedOrInfeasible && !stopRequested) {
      // Presolve could not tell which; solving without it decides.
      hm.options.set('presolve', 'off');
      const remaining = opts.timeLimit === undefined ? undefined : Math.max(0, opts.timeLimit - elapsed() / 1000);
      if (remaining !== undefined && Number.isFinite(remaining)) hm.options.set('time_limit', remaining);
      hm.zeroAllClocks();
      code = hm.run(callbacks).modelStatus;
    }

    const solverStatus = MODEL_STATUS_NAMES[code] ?? `status ${code}`;
    const hasPrimal = toNumber(hm.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const x = hasPrimal ? Float64Array.from(hm.getSolution().colValue) : null;
    const objective = x ? hm.getObjectiveValue() : null;
    let nodes = 0;
    let bound: number | null = null;
    let gap: number | null = null;
    if (isMip) {
      nodes = toNumber(hm.info.get('mip_node_count'));
      bound = finiteOrNull(hm.info.get('mip_dual_bound'));
      gap = x ? finiteOrNull(hm.info.get('mip_gap')) : null;
    }

    const ms = highs.constants.modelStatus;
    let status: SolveStatus;
    let message: string;
    switch (code) {
      case ms.optimal:
        status = 'optimal';
        message = isMip ? 'optimal (proven within the gap tolerance)' : 'optimal';
        if (!isMip) {
          bound = objective;
          gap = 0;
        }
        break;
      case ms.infeasible:
        status = 'infeasible';
        message = 'the model has no feasible solution';
        break;
      case ms.unbounded:
        status = 'unbounded';
        message = 'the objective is unbounded';
        break;
      case ms.unboundedOrInfeasible:
        status = stopRequested ? 'interrupted' : 'infeasible';
        message = stopRequested ? 'stopped before the solver could finish' : 'the model is infeasible or unbounded';
        break;
      case ms.timeLimit:
        status = 'time-limit';
        message = x ? 'time limit reached: best solution found so far, not proven optimal' : 'time limit reached before any solution was found';
        break;
      case ms.iterationLimit:
      case ms.solutionLimit:
        status = 'time-limit';
        message = `${solverStatus}: ${x ? 'best solution found so far, not proven optimal' : 'no solution found'}`;
        break;
      case ms.interrupted:
      case ms.objectiveBound:
      case ms.objectiveTarget:
        status = 'interrupted';
        message = `${code === ms.interrupted ? 'stopped on request' : solverStatus}: ${
          x ? 'best solution found so far kept, not proven optimal' : 'no solution had been found'
        }`;
        break;
      default:
        status = 'error';
        message = `HiGHS ended with status "${solverStatus}"`;
    }
    if (opts.onProgress) {
      opts.onProgress({
        elapsedMs: elapsed(),
        primal: objective,
        dual: bound,
        gap,
        nodes,
        kind: 'final',
      });
    }
    return { status, objective, bound, gap, nodes, x, message, elapsedMs: elapsed(), solverStatus, log };
  } catch (e) {
    return empty('error', `HiGHS failed: ${errorText(e)}`, 'error');
  } finally {
    try {
      hm?.dispose();
    } catch {
      // A runtime that aborted cannot free anything more; the worker is replaced.
    }
  }
}
