/**
 * Glue to the local solver of engine/nlp: the local formulations' own answers
 * (formulations.ts), and the quick sqrt-ReLU solves that give the MIP its
 * radius and starting solutions.
 */
import { solveLocalAttack, sqrtSchedule, type LocalAttackResult } from '../nlp/slp';
import type { Smoothing } from '../nlp/smooth';
import type { LogitRow } from '../bounds/bounds';
import { errorResult, type AttackSetup, type MipSession } from './context';
import { linearEstimate } from './criterion';
import type { AdversarialResult, AttackStatus, LocalDetails, TargetSolve } from './types';

export function localDetails(r: LocalAttackResult): LocalDetails {
  return {
    status: r.status,
    stopReason: r.stopReason,
    message: r.message,
    iterations: r.iterations,
    trustRadius: r.trustRadius,
    violation: r.violation,
    penalty: r.penalty,
    objective: r.objective,
    timeMs: r.elapsedMs,
    lpSolves: r.lpSolves,
  };
}

/**
 * A local formulation: one local solve through the smoothing `stages` (per
 * target class for 'any'), the best answer kept; `name` says which in the message.
 */
export function runLocalFormulation(s: AttackSetup, stages: readonly Smoothing[], name: string): AdversarialResult {
  const { highs, net, opts, hooks, clock, x0, label, box, d, criterion, norm, rows, base, witness } = s;
  const alternatives = criterion === 'any' ? rows.map((r) => [r]) : [rows];
  const targets: TargetSolve[] = [];
  let best: { r: LocalAttackResult; target: number | null } | null = null;
  let stopped = false;
  for (const alt of alternatives) {
    if (clock.expired || hooks.shouldStop?.()) {
      stopped = true;
      break;
    }
    const target = criterion === 'any' ? alt[0]!.plus : null;
    const r = solveLocalAttack(
      highs,
      { net, x0, box, norm, rows: alt, stages },
      {
        maxIterations: opts.maxIterations,
        trustRadius: opts.trustRadius,
        timeLimit: clock.left,
        shouldStop: hooks.shouldStop,
        onIteration: (it) =>
          hooks.onProgress?.({
            phase: 'local',
            elapsedMs: clock.ms,
            primal: null,
            dual: null,
            gap: null,
            nodes: 0,
            ...(target !== null ? { target } : {}),
            iteration: it.iteration,
            objective: it.objective,
            violation: it.violation,
            trustRadius: it.trustRadius,
          }),
      },
    );
    if (target !== null) {
      targets.push({ target, status: r.status as AttackStatus, objective: r.objective, bound: null, timeMs: r.elapsedMs, binaries: 0, unstableNeurons: 0 });
    }
    const feasible = (q: LocalAttackResult) => q.violation <= 1e-9;
    if (
      !best ||
      (feasible(r) && !feasible(best.r)) ||
      (feasible(r) === feasible(best.r) && (feasible(r) ? r.objective < best.r.objective : r.violation < best.r.violation))
    ) {
      best = { r, target };
    }
  }
  if (!best) {
    return {
      ...errorResult('stopped before any local solve', x0, label, opts),
      ...base,
      status: 'interrupted',
      timeMs: clock.ms,
    };
  }
  const r = best.r;
  const w = witness(r.x);
  const status: AttackStatus = stopped && r.status === 'local-optimum' ? 'interrupted' : (r.status as AttackStatus);
  const normCols = norm === 'l1' ? 2 * d : 1;
  const normRows = norm === 'l1' ? d : 2 * d;
  const R = criterion === 'any' ? 1 : rows.length;
  return {
    ...base,
    status,
    message:
      `${r.message}${best.target !== null ? ` (target class ${best.target})` : ''}. A local answer of the ` +
      `${name} formulation: no optimality guarantee; ` +
      (w.valid ? 'it fools the true ReLU network.' : 'it does NOT meet the criterion on the true ReLU network.'),
    objective: r.objective,
    bound: null,
    gap: null,
    timeMs: clock.ms,
    variables: d + normCols + R,
    constraints: normRows + R,
    binaries: 0,
    stableNeurons: null,
    unstableNeurons: null,
    tightenedStable: 0,
    nodes: 0,
    x: r.x,
    witness: w,
    local: localDetails(r),
    radius: { value: null, source: 'none' },
    anyStrategy: criterion === 'any' ? 'per-target' : null,
    targets,
    bounds: null,
    timings: { localMs: clock.ms, boundsMs: 0, solveMs: 0 },
    log: s.log.text,
  };
}

/**
 * radius 'auto': quick sqrt-ReLU local solves (the most promising targets for
 * 'any'); each valid answer may become the incumbent, the ball's radius and a
 * MIP start.
 */
export function searchRadius(ms: MipSession): void {
  const { highs, net, opts, hooks, clock, x0, box, criterion, margin, norm, rows } = ms.s;
  const started = performance.now();
  const safety = 1e-7 + 1e-9 * Math.abs(margin);
  const safeRows = (rs: readonly LogitRow[]) => rs.map((r) => ({ ...r, margin: r.margin + safety }));
  let alternatives: LogitRow[][];
  if (criterion === 'any') {
    const ranked = rows
      .map((r) => ({ r, est: linearEstimate(net, x0, r, norm) }))
      .sort((a, b) => a.est - b.est)
      .slice(0, opts.anyLocalTargets);
    alternatives = ranked.map((q) => [q.r]);
  } else alternatives = [rows];
  for (const alt of alternatives) {
    if (clock.expired || hooks.shouldStop?.()) break;
    const target = criterion === 'any' ? alt[0]!.plus : undefined;
    const r = solveLocalAttack(
      highs,
      { net, x0, box, norm, rows: safeRows(alt), stages: sqrtSchedule(opts.epsilon) },
      {
        maxIterations: opts.maxIterations,
        trustRadius: opts.trustRadius,
        timeLimit: Math.min(clock.left, Math.max(1, opts.timeLimit * 0.1)),
        shouldStop: hooks.shouldStop,
        onIteration: (it) =>
          hooks.onProgress?.({
            phase: 'local',
            elapsedMs: clock.ms,
            primal: ms.incumbent?.objective ?? null,
            dual: null,
            gap: null,
            nodes: 0,
            ...(target !== undefined ? { target } : {}),
            iteration: it.iteration,
            objective: it.objective,
            violation: it.violation,
            trustRadius: it.trustRadius,
          }),
      },
    );
    if (!ms.localInfo || r.objective < ms.localInfo.objective) ms.localInfo = localDetails(r);
    const c = ms.consider(r.x);
    if (c && target !== undefined) {
      ms.localRadius.set(target, c.objective);
      ms.localByTarget.set(target, c);
    }
  }
  ms.localMs = performance.now() - started;
}
