/**
 * The adversarial attack's HiGHS run with a MIP start, kept beside the shared
 * adapter (highs.ts) because it is not equivalent to `solveModel`'s `start`.
 */
import type { MilpModel } from '../milp/model';
import { solveModel, type Highs, type SolveOptions, type SolveProgress, type SolveResult } from './highs';

/**
 * `solveModel` with a starting solution (HiGHS setSolution before the run),
 * used by the adversarial attack (engine/milp/attack).
 *
 * `solveModel`'s `start` option is not a drop-in replacement: this run differs
 * from it in ways that can change the solve and what the attack reports:
 *  - HiGHS output is on only when `onLog` is given, and
 *    mip_min_logging_interval is left at HiGHS's default;
 *  - the MIP interrupt callback only polls `shouldStop` (no throttled progress),
 *    and there are no simplex/IPM interrupt callbacks;
 *  - "unbounded or infeasible" is not re-solved without presolve, and it, like
 *    'unbounded' and the objective bound/target statuses, maps to 'error';
 *  - messages are the bare status, `solverStatus` is HiGHS's numeric code, and
 *    the log is never kept (`keepLog` is ignored);
 *  - a start of the wrong length goes to HiGHS instead of failing up front.
 * Without a start (or for an LP) it is exactly `solveModel`.
 */
export function solveWithStart(highs: Highs, model: MilpModel, start: Float64Array | null, opts: SolveOptions): SolveResult {
  if (!start || !model.isMip()) return solveModel(highs, model, opts);
  const began = performance.now();
  const elapsed = () => performance.now() - began;
  let hm: ReturnType<Highs['createModel']> | null = null;
  const fail = (message: string): SolveResult => ({
    status: 'error',
    objective: null,
    bound: null,
    gap: null,
    nodes: 0,
    x: null,
    message,
    elapsedMs: elapsed(),
    solverStatus: 'error',
    log: '',
  });
  try {
    const data = model.toHighsModelData();
    hm = highs.createModel({
      ...data,
      sense: data.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    });
    hm.options.set({ output_flag: !!opts.onLog, log_to_console: false });
    if (opts.timeLimit !== undefined && Number.isFinite(opts.timeLimit)) hm.options.set('time_limit', Math.max(0, opts.timeLimit));
    if (opts.mipGap !== undefined) hm.options.set('mip_rel_gap', Math.max(0, opts.mipGap));
    if (opts.options) hm.options.set(opts.options);
    hm.setSolution({ colValue: start });
    let stop = false;
    let lastEmit = -Infinity;
    const cb = highs.constants.callbackType;
    const emit = (data: Record<string, unknown>, kind: SolveProgress['kind']) => {
      if (!opts.onProgress) return;
      const now = elapsed();
      if (kind === 'log' && now - lastEmit < (opts.progressIntervalMs ?? 200)) return;
      lastEmit = now;
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);
      opts.onProgress({
        elapsedMs: now,
        primal: num(data.mip_primal_bound),
        dual: num(data.mip_dual_bound),
        gap: num(data.mip_primal_bound) === null ? null : num(data.mip_gap),
        nodes: num(data.mip_node_count) ?? 0,
        kind,
      });
    };
    const wantsStop = () => (stop ||= opts.shouldStop?.() === true);
    const code = hm.run({
      [cb.logging]: (event) => {
        opts.onLog?.(event.message.replace(/\n$/, ''));
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
        if (wantsStop()) event.interrupt();
        return undefined;
      },
    }).modelStatus;
    const ms = highs.constants.modelStatus;
    const hasPrimal = Number(hm.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const x = hasPrimal ? Float64Array.from(hm.getSolution().colValue) : null;
    const objective = x ? hm.getObjectiveValue() : null;
    const nodes = Number(hm.info.get('mip_node_count'));
    const dual = Number(hm.info.get('mip_dual_bound'));
    const bound = Number.isFinite(dual) ? dual : null;
    const gapInfo = Number(hm.info.get('mip_gap'));
    const gap = x && Number.isFinite(gapInfo) ? gapInfo : null;
    let status: SolveResult['status'];
    if (code === ms.optimal) status = 'optimal';
    else if (code === ms.infeasible) status = 'infeasible';
    else if (code === ms.timeLimit || code === ms.iterationLimit || code === ms.solutionLimit) status = 'time-limit';
    else if (code === ms.interrupted) status = 'interrupted';
    else status = 'error';
    const result: SolveResult = {
      status,
      objective,
      bound,
      gap,
      nodes,
      x,
      message: status === 'error' ? `HiGHS ended with model status ${code}` : status,
      elapsedMs: elapsed(),
      solverStatus: String(code),
      log: '',
    };
    opts.onProgress?.({ elapsedMs: elapsed(), primal: objective, dual: bound, gap, nodes, kind: 'final' });
    return result;
  } catch (e) {
    return fail(`HiGHS failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    try {
      hm?.dispose();
    } catch {
      // nothing more to free
    }
  }
}
