/**
 * `runAdversarial`: checks the input, then either the local formulations
 * (local.ts) or the MIP / LP relaxation: local solve → radius → bounds → one
 * model (or one per target class for 'any') with a MIP start → polishing.
 */
import { z } from 'zod';
import type { Network } from '../../../../shared/domain/network';
import type { AdversarialOptions, AdversarialOptionsInput, AdversarialParamsInput } from '../../../../shared/domain/params/attack';
import { adversarialOptionsSchema } from '../../../../shared/domain/params/attack';
import type { Highs } from '../../solvers/highs';
import { hiddenLayerKinds, ReluRelaxationLp, type InputBox } from '../bounds';
import { buildAttackModel, type CriterionSpec } from './attack-model';
import { chooseAnyStrategy, solvePerTarget } from './any-criterion';
import { Clock, errorResult, mapStatus, MipSession, type AttackSetup } from './context';
import { argmax, criterionMargin, criterionRows, expand, inflate, logitsOf, withTwoLogits, witnessOf } from './criterion';
import { runLocalFormulation, searchRadius } from './local';
import { intervalDifference, polish } from './region';
import type { AdversarialHooks, AdversarialResult, Candidate } from './types';


function parseOptions(params: AdversarialParamsInput | AdversarialOptionsInput): AdversarialOptions {
  const { network: _n, sample: _s, split: _sp, input: _i, label: _l, ...rest } = params as Record<string, unknown>;
  return adversarialOptionsSchema.parse(rest);
}

/**
 * Runs the attack on a resolved network and input. Never throws: invalid
 * input and solver failures come back as status 'error'.
 */
export function runAdversarial(
  highs: Highs,
  network: Network,
  x0Input: readonly number[],
  label: number,
  params: AdversarialParamsInput | AdversarialOptionsInput = {},
  hooks: AdversarialHooks = {},
): AdversarialResult {
  let opts: AdversarialOptions;
  try {
    opts = parseOptions(params);
  } catch (e) {
    const message = e instanceof z.ZodError ? z.prettifyError(e) : e instanceof Error ? e.message : String(e);
    return errorResult(`invalid parameters: ${message}`, x0Input, label, {});
  }
  try {
    return attack(highs, network, x0Input, label, opts, hooks);
  } catch (e) {
    return errorResult(e instanceof Error ? e.message : String(e), x0Input, label, opts);
  }
}

function attack(
  highs: Highs,
  original: Network,
  x0Input: readonly number[],
  label: number,
  opts: AdversarialOptions,
  hooks: AdversarialHooks,
): AdversarialResult {
  const clock = new Clock(opts.timeLimit);
  const net = withTwoLogits(original);
  hiddenLayerKinds(net);
  const d = net.layers[0]!.W[0]!.length;
  const K = net.layers[net.layers.length - 1]!.W.length;
  if (x0Input.length !== d) throw new Error(`the input has ${x0Input.length} features; the network takes ${d}`);
  if (!Number.isInteger(label) || label < 0 || label >= K) throw new Error(`label ${label} is not a class of this network (0…${K - 1})`);
  const { criterion, margin, norm } = opts;
  if (typeof criterion === 'object') {
    if (criterion.target >= K) throw new Error(`target ${criterion.target} is not a class of this network (0…${K - 1})`);
    if (criterion.target === label) throw new Error(`the target class ${criterion.target} is the input's own label`);
  }
  const box: InputBox = {
    lower: expand(opts.box?.lower ?? 0, d, 'box.lower'),
    upper: expand(opts.box?.upper ?? 1, d, 'box.upper'),
  };
  const x0 = x0Input.map((v, j) => {
    if (!Number.isFinite(v)) throw new Error(`feature ${j} of the input is not a finite number`);
    const lo = box.lower[j]!;
    const hi = box.upper[j]!;
    if (lo > hi) throw new Error(`box: lower bound of feature ${j} is above its upper bound`);
    if (v < lo - 1e-9 || v > hi + 1e-9) throw new Error(`feature ${j} of the input (${v}) lies outside the box [${lo}, ${hi}]`);
    return Math.min(hi, Math.max(lo, v));
  });
  const originalLogits = logitsOf(net, x0);
  const rows = criterionRows(criterion, label, K, margin);
  const base = {
    formulation: opts.formulation,
    norm,
    criterion,
    margin,
    tightening: opts.tightening,
    x0,
    label,
    originalPredicted: argmax(originalLogits),
    originalLogits,
  };
  const witness = (x: readonly number[]) => witnessOf(net, x, criterion, label, margin, opts.witnessTolerance);
  const log = { text: '' };
  const onLog = (line: string) => {
    if (log.text.length < 100_000) log.text += `${line}\n`;
    hooks.onLog?.(line);
  };
  const s: AttackSetup = { highs, net, opts, hooks, clock, x0, label, box, d, criterion, margin, norm, rows, base, witness, log, onLog };

  if (opts.formulation === 'sqrt-relu' || opts.formulation === 'softplus') return runLocalFormulation(s);

  // ---------------- MIP and LP relaxation
  const ms = new MipSession(s);
  if (criterionMargin(criterion, label, originalLogits) >= margin) {
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