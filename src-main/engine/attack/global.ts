/**
 * The MIP path shared by the exact ('mip') and bound ('lp-relaxation')
 * formulations: local solve → radius → bounds → one model (or one per target
 * class for 'any') with a MIP start → polishing.
 */
import { ReluRelaxationLp } from '../bounds/bounds';
import { buildAttackModel, type CriterionSpec } from './attack-model';
import { chooseAnyStrategy, solvePerTarget } from './any-criterion';
import { errorResult, mapStatus, MipSession, type AttackSetup } from './context';
import { criterionMargin, inflate } from './criterion';
import { searchRadius } from './local';
import { intervalDifference, polish } from './region';
import type { AdversarialResult, Candidate } from './types';

/** Solves the checked attack as a MIP, or with every binary relaxed to [0, 1] (`relaxed`). */
export function solveGlobal(s: AttackSetup, relaxed: boolean): AdversarialResult {
  const { opts, clock, x0, label, criterion, margin, base, witness } = s;
  const ms = new MipSession(s, relaxed);
  if (criterionMargin(criterion, label, base.originalLogits) >= margin) {
    // x⁰ itself meets the criterion: the optimum is 0, nothing to solve.
    const w = witness(x0);
    return {
      ...errorResult('', x0, label, opts),
      ...base,
      status: 'optimal',
      message: 'the input already meets the criterion: no change is needed',
      objective: 0,
      bound: 0,
      gap: 0,
      timeMs: clock.ms,
      x: [...x0],
      witness: w,
    };
  }
  if (opts.radius === 'auto') searchRadius(ms);
  if (typeof opts.radius === 'number') ms.radius = { value: opts.radius, source: 'hint' };
  else if (opts.radius === 'auto' && ms.incumbent) ms.radius = { value: ms.incumbent.objective, source: 'local' };

  chooseAnyStrategy(ms);
  if (criterion !== 'any' || ms.anyChoice === 'binary') return solveOneModel(ms);
  return solvePerTarget(ms);
}

/** One model: all rows, or the 'any' disjunction with one binary per class. */
function solveOneModel(ms: MipSession): AdversarialResult {
  const { s, relaxed } = ms;
  const { highs, net, opts, clock, x0, box, norm, criterion, rows, witness } = s;
  const what = relaxed ? 'LP relaxation' : 'MIP';
  const { b, region } = ms.boundsFor(ms.radius.value, criterion === 'any' ? undefined : rows);
  if (b.status === 'infeasible') {
    return ms.radiusInfeasible(b);
  }
  let spec: CriterionSpec;
  if (criterion === 'any') {
    // Big-M per class from a lower bound of oᵢ − o_c; classes that cannot reach m in the region are left out.
    const ranges = rows.map((r) => intervalDifference(net, b.layers, r, region));
    if (opts.tightening === 'lp') {
      const lp = new ReluRelaxationLp(highs, net, region, b.layers);
      try {
        rows.forEach((r, q) => {
          const lo = lp.minLogitDifference(r.plus, r.minus, clock.left);
          if (typeof lo === 'number') ranges[q]![0] = Math.max(ranges[q]![0], lo);
          const hi = lp.minLogitDifference(r.minus, r.plus, clock.left);
          if (typeof hi === 'number') ranges[q]![1] = Math.min(ranges[q]![1], -hi);
        });
      } finally {
        lp.dispose();
      }
    }
    const kept = rows.map((r, q) => ({ r, lower: ranges[q]![0], upper: ranges[q]![1] })).filter((q) => q.upper >= q.r.margin);
    if (kept.length === 0) return ms.radiusInfeasible(b);
    spec = { kind: 'disjunction', rows: kept.map((q) => q.r), lower: kept.map((q) => q.lower) };
  } else spec = { kind: 'rows', rows };
  const built = buildAttackModel({ net, x0, box, norm, bounds: b.layers, criterion: spec, relaxed, compact: opts.compact, radius: ms.radius.value !== null ? inflate(ms.radius.value) : null });
  const res = ms.solve(built);
  const size = ms.sizeOf(built);
  const anyStrategy = criterion === 'any' ? 'binary' : null;
  if (res.status === 'infeasible') {
    if (ms.radius.source === 'local' && ms.incumbent) {
      // Only solver tolerances can do this (the local answer lies in the ball): keep the local answer.
      return ms.finish('time-limit', `the ${what} found nothing inside the ball of the local answer (numerical trouble); the local answer is kept, not proven optimal`, ms.incumbent, null, size, b, { nodes: res.nodes, targets: [], anyStrategy });
    }
    return ms.finish('infeasible', ms.infeasibleMessage(), null, null, size, b, { nodes: res.nodes, targets: [], anyStrategy });
  }
  let best: Candidate | null = null;
  if (res.x) {
    const x = built.inputOf(res.x);
    best = relaxed ? { x, objective: res.objective!, witness: witness(x) } : polish(s, x);
  }
  const status = mapStatus(res.status);
  if (!relaxed && ms.incumbent && (!best || ms.incumbent.objective < best.objective - 1e-12)) {
    if (status !== 'optimal' || !best) best = ms.incumbent;
  }
  let bound = relaxed ? (res.status === 'optimal' ? res.objective : null) : res.bound;
  if (status === 'optimal' && !relaxed && best) bound = Math.min(bound ?? best.objective, best.objective);
  if (relaxed && best) best = { ...best, objective: res.objective! };
  if (status === 'error') return ms.finish('error', res.message, best, bound, size, b, { nodes: res.nodes, targets: [], anyStrategy });
  return ms.finish(status, ms.summary(status, res.message), best, bound, size, b, { nodes: res.nodes, targets: [], anyStrategy });
}