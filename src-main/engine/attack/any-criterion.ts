/**
 * The 'any' criterion's two strategies: one model with a binary per class
 * (run.ts), or one solve per target class over the ball of the best attack so
 * far (here), and the choice between them.
 */
import { solveModel } from '../highs/highs';
import { intervalBounds, type LogitRow, type NetworkBounds } from '../bounds/bounds';
import { buildAttackModel } from './attack-model';
import { mapStatus, noSize, type MipSession } from './context';
import { inflate, linearEstimate } from './criterion';
import { intervalDifference, polish } from './region';
import type { AdversarialResult, AttackStatus, Candidate, TargetSolve } from './types';

/** 'any' with anyStrategy 'auto': per-target solves when the ball leaves at most this many unstable neurons. */
export const PER_TARGET_MAX_UNSTABLE = 6;

/** Sets the session's 'any' strategy and the reason reported with the answer. */
export function chooseAnyStrategy(ms: MipSession): void {
  const { net, opts, x0, box, criterion, norm } = ms.s;
  if (criterion !== 'any') return;
  if (opts.anyStrategy !== 'auto') {
    ms.anyChoice = opts.anyStrategy;
    ms.anyReason = 'as asked';
  } else if (ms.radius.value === null) {
    ms.anyChoice = 'binary';
    ms.anyReason = 'no attack radius known';
  } else {
    // Per-target solves pay off only when the ball leaves almost every neuron stable.
    const ib = intervalBounds(net, { box, ball: { norm, center: x0, radius: inflate(ms.radius.value) } });
    ms.anyChoice = ib.unstable <= PER_TARGET_MAX_UNSTABLE ? 'per-target' : 'binary';
    ms.anyReason = `${ib.unstable} neurons unstable in the ball of radius ${ms.radius.value.toPrecision(4)}`;
  }
}

export function solvePerTarget(ms: MipSession): AdversarialResult {
  const { s, relaxed } = ms;
  const { highs, net, opts, hooks, clock, x0, box, norm, rows, witness } = s;
  let relaxedBest = null as Candidate | null;
  // Screening over the ball of the best attack known: interval reachability of
  // the target, then the LP relaxation's value (one LP per target). A target
  // whose relaxation cannot beat the radius is settled; the others are solved
  // in increasing order of their relaxation value, each over the ball of the
  // best attack found so far.
  let best: Candidate | null = ms.incumbent;
  /** Radius of the best valid attack known (never an LP value). */
  let upper = best ? best.objective : ms.radius.value;
  const targets: TargetSolve[] = [];
  let proven = true;
  let lowest = Infinity;
  let nodes = 0;
  let lastBounds: NetworkBounds | null = null;
  let largest = noSize as { variables: number; constraints: number; binaries: number; stable: number | null; unstable: number | null };
  let stopped: AttackStatus | null = null;
  const settle = (r: LogitRow, started: number, unstableNeurons: number) => {
    // Nothing inside the ball reaches the target: its optimum is beyond the ball's radius.
    targets.push({ target: r.plus, status: 'pruned', objective: null, bound: upper, timeMs: performance.now() - started, binaries: 0, unstableNeurons });
    if (upper !== null) lowest = Math.min(lowest, upper);
  };
  const queue: { r: LogitRow; key: number; lb: number }[] = [];
  {
    const started = performance.now();
    const { b: shared, region } = ms.boundsFor(upper, undefined, 'interval');
    for (const r of rows) {
      const t0 = performance.now();
      if (upper === null) {
        queue.push({ r, key: ms.localRadius.get(r.plus) ?? linearEstimate(net, x0, r, norm), lb: 0 });
        continue;
      }
      if (intervalDifference(net, shared.layers, r, region)[1] < r.margin) {
        settle(r, t0, shared.unstable);
        continue;
      }
      const relax = buildAttackModel({ net, x0, box, norm, bounds: shared.layers, criterion: { kind: 'rows', rows: [r] }, relaxed: true, compact: opts.compact, radius: inflate(upper) });
      const res = solveModel(highs, relax.model, { timeLimit: clock.left, shouldStop: hooks.shouldStop, keepLog: false });
      if (res.status === 'infeasible' || (res.status === 'optimal' && res.objective! >= upper)) settle(r, t0, shared.unstable);
      else {
        const lb = res.status === 'optimal' ? res.objective! : 0;
        queue.push({ r, key: lb, lb });
      }
    }
    ms.boundsMs += performance.now() - started;
  }
  queue.sort((a, b) => a.key - b.key);
  for (const { r, lb } of queue) {
    const started = performance.now();
    if (hooks.shouldStop?.()) {
      stopped = 'interrupted';
    } else if (clock.expired) stopped = 'time-limit';
    if (stopped) {
      proven = false;
      lowest = Math.min(lowest, lb);
      targets.push({ target: r.plus, status: stopped, objective: null, bound: lb, timeMs: 0, binaries: 0, unstableNeurons: 0 });
      continue;
    }
    if (upper !== null && lb >= upper) {
      settle(r, started, 0);
      continue;
    }
    const { b, region } = ms.boundsFor(upper, [r]);
    lastBounds = b;
    if (b.status === 'infeasible' || intervalDifference(net, b.layers, r, region)[1] < r.margin) {
      settle(r, started, b.unstable);
      continue;
    }
    const built = buildAttackModel({
      net,
      x0,
      box,
      norm,
      bounds: b.layers,
      criterion: { kind: 'rows', rows: [r] },
      relaxed,
      compact: opts.compact,
      radius: upper !== null ? inflate(upper) : null,
    });
    const res = ms.solve(built, r.plus, ms.localByTarget.get(r.plus) ?? null);
    nodes += res.nodes;
    const size = ms.sizeOf(built);
    if (size.binaries >= largest.binaries) largest = size;
    const status = mapStatus(res.status);
    let objective: number | null = null;
    if (res.x) {
      const x = built.inputOf(res.x);
      const c = relaxed ? { x, objective: res.objective!, witness: witness(x) } : polish(s, x);
      objective = c.objective;
      if (relaxed) {
        if (!relaxedBest || c.objective < relaxedBest.objective) relaxedBest = c;
      } else if (!best || c.objective < best.objective) best = c;
    }
    const tBound = status === 'optimal' ? res.objective : relaxed ? null : res.bound;
    targets.push({ target: r.plus, status, objective, bound: tBound ?? (status === 'infeasible' ? upper : null), timeMs: performance.now() - started, binaries: size.binaries, unstableNeurons: size.unstable });
    if (status === 'infeasible') {
      if (upper !== null) lowest = Math.min(lowest, upper);
    } else if (status === 'optimal') {
      lowest = Math.min(lowest, tBound ?? Infinity);
    } else {
      proven = false;
      lowest = Math.min(lowest, tBound ?? lb);
    }
    if (best && (upper === null || best.objective < upper)) upper = best.objective;
  }
  if (relaxed) {
    // The relaxation's answer: the smallest LP value over the targets (a certified lower bound).
    const value = Math.min(lowest, relaxedBest?.objective ?? Infinity);
    const shown = relaxedBest ?? best;
    const status: AttackStatus = !proven ? (stopped ?? 'time-limit') : Number.isFinite(value) ? 'optimal' : 'infeasible';
    return ms.finish(
      status,
      status === 'optimal' ? ms.summary('optimal', '') : status === 'infeasible' ? ms.infeasibleMessage() : ms.summary(status, ''),
      shown ? { ...shown, objective: Number.isFinite(value) ? value : shown.objective } : null,
      Number.isFinite(value) ? value : null,
      largest,
      lastBounds,
      { nodes, targets, anyStrategy: 'per-target' },
    );
  }
  if (!best) {
    const status: AttackStatus = stopped ?? (proven ? 'infeasible' : 'time-limit');
    return ms.finish(status, status === 'infeasible' ? ms.infeasibleMessage() : ms.summary(status, ''), null, null, largest, lastBounds, { nodes, targets, anyStrategy: 'per-target' });
  }
  const found = best as Candidate;
  const bound = Math.min(lowest, found.objective);
  const status: AttackStatus = proven ? 'optimal' : (stopped ?? 'time-limit');
  return ms.finish(
    status,
    proven
      ? `${relaxed ? 'LP relaxation bound' : 'optimal'}: the smallest over ${rows.length} target classes (class ${found.witness.predicted})`
      : ms.summary(status, ''),
    found,
    relaxed ? (proven ? found.objective : null) : bound,
    largest,
    lastBounds,
    { nodes, targets, anyStrategy: 'per-target' },
  );
}
