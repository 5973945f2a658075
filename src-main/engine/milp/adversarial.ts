/**
 * `adversarial`: the smallest change of an input x⁰ (label c) that makes a
 * trained dense ReLU network meet a decision criterion on its logits o(x)
 * (DESIGN.md §6):
 *
 *   minimise ‖x − x⁰‖ (L1 or L∞)  s.t.  x ∈ box,
 *     'all-others':  oᵢ ≥ o_c + m for every i ≠ c
 *     'any':         oᵢ ≥ o_c + m for some i ≠ c
 *     {target: k}:   o_k ≥ oᵢ + m for every i ≠ k
 *
 * Formulations:
 *  - 'mip': x = x⁰ + p − n (p, n ≥ 0; L1 objective Σ(p + n); L∞ objective t
 *    with |x − x⁰| ≤ t), explicit input columns and, for unstable neurons,
 *    pre-activation columns ẑ (`compact`, fewer nonzeros). Per hidden ReLU with
 *    ẑ ∈ [l, u]: stable neurons get no binary (u ≤ 0: h = 0; l ≥ 0: h = ẑ);
 *    unstable ones h ≥ ẑ, h ≥ 0, h ≤ ẑ − l(1 − σ), h ≤ uσ, σ ∈ {0, 1}. The
 *    logits are affine expressions of the last hidden layer.
 *  - 'lp-relaxation': the same with σ ∈ [0, 1]; its optimum is a certified lower
 *    bound on the MIP optimum.
 *  - 'sqrt-relu', 'softplus': the local trust-region SLP of engine/nlp from x⁰,
 *    on the network with ReLU written as (z + √(z² + ε))/2 (continuation in ε
 *    down to 0, the exact ReLU) or as log(1 + e^{βz})/β. Local answers.
 *
 * Bounds ('tightening'): 'none' (a wide valid box, every neuron unstable; its
 * big M needs HiGHS's integrality tolerance at 1e-9), 'interval', 'lp'
 * (engine/milp/bounds.ts). The region they hold over is the box, intersected —
 * when an attack of norm r is known (`radius`: 'auto' runs a quick sqrt-ReLU
 * local solve first; or a number) — with the ball ‖x − x⁰‖ ≤ r: the optimum
 * lies in that ball, so bounds over it are valid for finding it, and the ball
 * is also an objective cutoff. The local attack is also the MIP's starting
 * solution (`mipStart`), and then HiGHS's sub-MIP heuristics are switched off:
 * the tree search has nothing left to find but the proof.
 *
 * 'any' is solved either with one binary per class (oᵢ − o_c − m ≥ −Mᵢ(1 − yᵢ),
 * Σ yᵢ ≥ 1, Mᵢ from a lower bound of oᵢ − o_c over the region, by LP under
 * 'lp' tightening) or by one
 * solve per target class (oᵢ − o_c ≥ m alone) over the ball of the best attack
 * so far, settling without a MIP the targets that cannot reach m inside it
 * (interval reachability, LP relaxation value ≥ radius, LP tightening found
 * the ball empty); the answer is the smallest. 'auto' uses binaries, except
 * per-target when the ball of a known attack leaves at most
 * PER_TARGET_MAX_UNSTABLE neurons unstable: on the digits net one tree over
 * the ball beat nine (one per target), mostly because each per-target solve
 * pays for its own bounds and proof of infeasibility.
 *
 * MIP answers are polished: the exact optimum of the answer's linear region
 * (one LP, activation pattern fixed) replaces it when valid and no worse, which
 * removes the slack HiGHS's tolerances leave.
 *
 * Every answer is re-checked by a forward pass of the TRUE ReLU network in
 * double precision (the witness): predicted class, the criterion's achieved
 * logit margin and whether it meets m (within `witnessTolerance`).
 */
import { z } from 'zod';
import type { Network } from '../../../shared/domain/network';
import { traceForward } from '../nn/forward';
import { solveLocalAttack, sqrtSchedule, type LocalAttackResult } from '../nlp/slp';
import type { Smoothing } from '../nlp/smooth';
import { solveModel, type Highs, type SolveOptions, type SolveProgress, type SolveResult } from '../solvers/highs';
import {
  computeBounds,
  hiddenLayerKinds,
  intervalBounds,
  linearRange,
  ReluRelaxationLp,
  type BoundsMethod,
  type InputBox,
  type LayerBounds,
  type LogitRow,
  type NetworkBounds,
  type NormName,
  type Region,
} from './bounds';
import { expr, MilpModel, type LinExpr, type Var } from './model';

// ---------------------------------------------------------------- params

export {
  adversarialOptionsSchema,
  adversarialParamsSchema,
  attackFormulations,
  criterionSchema,
  type AdversarialOptions,
  type AdversarialOptionsInput,
  type AdversarialParams,
  type AdversarialParamsInput,
  type AttackCriterion,
  type AttackFormulation,
} from '../../../shared/domain/params/attack';
import type { AdversarialOptions, AdversarialOptionsInput, AdversarialParamsInput, AttackCriterion, AttackFormulation } from '../../../shared/domain/params/attack';
import { adversarialOptionsSchema } from '../../../shared/domain/params/attack';

// ---------------------------------------------------------------- results

export type AttackStatus =
  | 'optimal'
  | 'time-limit'
  | 'infeasible'
  | 'local-optimum'
  | 'iteration-limit'
  | 'interrupted'
  | 'error';

export interface Witness {
  /** Class of x by the true network (argmax of the logits). */
  predicted: number;
  /** The criterion's achieved logit margin at x (all-others: minᵢ oᵢ − o_c; any: maxᵢ oᵢ − o_c; target k: minᵢ o_k − oᵢ). */
  margin: number;
  /** The margin the criterion asks for (m). */
  required: number;
  /** margin ≥ m − witnessTolerance. */
  valid: boolean;
  logits: number[];
}

export interface LocalDetails {
  status: string;
  stopReason: string;
  message: string;
  iterations: number;
  trustRadius: number;
  /** Largest criterion violation on the smooth network. */
  violation: number;
  penalty: number;
  objective: number;
  timeMs: number;
  lpSolves: number;
}

export interface TargetSolve {
  target: number;
  /** 'pruned': the target's logit difference cannot reach m within the ball (no solve needed). */
  status: AttackStatus | 'pruned';
  objective: number | null;
  bound: number | null;
  timeMs: number;
  binaries: number;
  unstableNeurons: number;
}

export interface AdversarialProgress {
  phase: 'local' | 'bounds' | 'solve';
  elapsedMs: number;
  /** MIP: best objective / bound / gap / nodes (null when not known). */
  primal: number | null;
  dual: number | null;
  gap: number | null;
  nodes: number;
  /** 'any' per target, local solves per target. */
  target?: number;
  /** Local solver iterate. */
  iteration?: number;
  objective?: number;
  violation?: number;
  trustRadius?: number;
  message?: string;
}

export interface AdversarialHooks {
  onProgress?: (progress: AdversarialProgress) => void;
  shouldStop?: () => boolean;
  onLog?: (line: string) => void;
}

export interface AdversarialResult {
  status: AttackStatus;
  message: string;
  formulation: AttackFormulation;
  norm: NormName;
  criterion: AttackCriterion;
  margin: number;
  tightening: BoundsMethod;
  /** ‖x − x⁰‖ of the returned x (null without one). */
  objective: number | null;
  /** Certified lower bound on the optimum (MIP dual bound, LP value); null for local formulations. */
  bound: number | null;
  /** (objective − bound) / max(|objective|, 1e-9); 0 when proven optimal. */
  gap: number | null;
  timeMs: number;
  variables: number;
  constraints: number;
  binaries: number;
  /** Hidden ReLU neurons stable / unstable under the bounds used (null for local formulations). */
  stableNeurons: number | null;
  unstableNeurons: number | null;
  /** Neurons that LP tightening made stable. */
  tightenedStable: number;
  nodes: number;
  x: number[] | null;
  x0: number[];
  label: number;
  /** Class and logits of x⁰ by the true network. */
  originalPredicted: number;
  originalLogits: number[];
  witness: Witness | null;
  /** Local solver details: the formulation's own solve, or the MIP's starting solve. */
  local: LocalDetails | null;
  /** Ball the MIP/LP was restricted to, and where its radius came from. */
  radius: { value: number | null; source: 'local' | 'hint' | 'none' };
  /** 'any': the strategy used and the per-target solves. */
  anyStrategy: 'binary' | 'per-target' | null;
  targets: TargetSolve[];
  bounds: { method: BoundsMethod; timeMs: number; lpSolves: number; status: string } | null;
  timings: { localMs: number; boundsMs: number; solveMs: number };
  log: string;
}

// ---------------------------------------------------------------- helpers

/** Single-output nets become two logits [t, o] so that argmax is the thresholded decision. */
export function withTwoLogits(net: Network): Network {
  const last = net.layers[net.layers.length - 1]!;
  if (last.W.length !== 1) return net;
  if (net.output === 'softmax') throw new Error('a single-output network with a softmax head has only one class');
  if (last.activation !== 'identity') {
    throw new Error(`a single-output network must end in an identity layer (found ${last.activation}); put sigmoid in the output head`);
  }
  const threshold = net.output === 'sigmoid' ? 0 : 0.5;
  const inputs = last.W[0]!.length;
  return {
    ...net,
    layers: [
      ...net.layers.slice(0, -1),
      { ...last, W: [new Array<number>(inputs).fill(0), [...last.W[0]!]], b: [threshold, last.b[0]!] },
    ],
  };
}

function logitsOf(net: Network, x: readonly number[]): number[] {
  return traceForward(net, x).layers[net.layers.length - 1]!.pre;
}

function argmax(v: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/** The criterion as rows o[plus] − o[minus] ≥ m (for 'any': the alternatives). */
export function criterionRows(criterion: AttackCriterion, label: number, classes: number, margin: number): LogitRow[] {
  const rows: LogitRow[] = [];
  if (typeof criterion === 'object') {
    for (let i = 0; i < classes; i++) if (i !== criterion.target) rows.push({ plus: criterion.target, minus: i, margin });
  } else {
    for (let i = 0; i < classes; i++) if (i !== label) rows.push({ plus: i, minus: label, margin });
  }
  return rows;
}

/** The criterion's achieved margin at logits o. */
export function criterionMargin(criterion: AttackCriterion, label: number, o: readonly number[]): number {
  const rows = criterionRows(criterion, label, o.length, 0);
  const diffs = rows.map((r) => o[r.plus]! - o[r.minus]!);
  return criterion === 'any' ? Math.max(...diffs) : Math.min(...diffs);
}

export function witnessOf(
  net: Network,
  x: readonly number[],
  criterion: AttackCriterion,
  label: number,
  margin: number,
  tolerance: number,
): Witness {
  const logits = logitsOf(net, x);
  const achieved = criterionMargin(criterion, label, logits);
  return { predicted: argmax(logits), margin: achieved, required: margin, valid: achieved >= margin - tolerance, logits };
}

function expand(v: number | readonly number[], d: number, what: string): number[] {
  if (typeof v === 'number') return new Array<number>(d).fill(v);
  if (v.length !== d) throw new Error(`${what} has ${v.length} entries; the network takes ${d} inputs`);
  return [...v];
}

function distance(norm: NormName, x: readonly number[], x0: readonly number[]): number {
  let v = 0;
  for (let j = 0; j < x0.length; j++) {
    const a = Math.abs(x[j]! - x0[j]!);
    v = norm === 'l1' ? v + a : Math.max(v, a);
  }
  return v;
}

/** Radius of a ball that surely contains a point at distance r (solver and rounding slack). */
function inflate(r: number): number {
  return r * (1 + 1e-7) + 1e-9;
}

// ---------------------------------------------------------------- the model

export type CriterionSpec =
  | { kind: 'rows'; rows: readonly LogitRow[] }
  /** Disjunction: at least one row holds; `lower[r]` is a lower bound of o[plus] − o[minus] over the region. */
  | { kind: 'disjunction'; rows: readonly LogitRow[]; lower: readonly number[] };

export interface AttackModelSpec {
  net: Network;
  x0: readonly number[];
  box: InputBox;
  norm: NormName;
  /** Pre-activation bounds of every layer (valid over the region searched). */
  bounds: readonly LayerBounds[];
  criterion: CriterionSpec;
  /** σ (and the disjunction's y) continuous in [0, 1]. */
  relaxed?: boolean;
  /** Ball constraint ‖x − x⁰‖ ≤ radius (also an objective cutoff). */
  radius?: number | null;
  /**
   * Explicit columns for the inputs and for unstable neurons' pre-activations
   * (default true): each weight row appears once instead of in two ReLU rows,
   * which halves the nonzeros.
   */
  compact?: boolean;
}

export interface AttackModel {
  model: MilpModel;
  stable: number;
  unstable: number;
  binaries: number;
  /** The input of a solution vector (clipped to the box). */
  inputOf(values: ArrayLike<number>): number[];
  /**
   * A full solution vector for the input x (its activation pattern, the
   * norm's auxiliaries): a MIP start. Feasible when x meets the criterion and
   * the bounds hold at x.
   */
  startFor(net: Network, x: readonly number[]): Float64Array;
}

export function buildAttackModel(spec: AttackModelSpec): AttackModel {
  const { net, x0, box, norm, bounds, criterion } = spec;
  const relaxed = spec.relaxed === true;
  const compact = spec.compact !== false;
  const kinds = hiddenLayerKinds(net);
  const d = x0.length;
  const m = new MilpModel('attack');
  const radius = spec.radius ?? null;
  const objective = expr();
  const t = norm === 'linf' ? m.addVar({ name: 't', lb: 0, ub: radius ?? Infinity }) : null;
  // Input j as an expression; with `compact`, an explicit column x_j.
  const inputs: LinExpr[] = [];
  const xVars: (Var | null)[] = [];
  const pVars: (Var | null)[] = [];
  const nVars: (Var | null)[] = [];
  for (let j = 0; j < d; j++) {
    let up = box.upper[j]! - x0[j]!;
    let down = x0[j]! - box.lower[j]!;
    if (radius !== null) {
      up = Math.min(up, radius);
      down = Math.min(down, radius);
    }
    up = Math.max(0, up);
    down = Math.max(0, down);
    if (compact && norm === 'linf') {
      // x_j ∈ [x0 − down, x0 + up], |x_j − x0_j| ≤ t.
      if (up === 0 && down === 0) {
        xVars.push(null);
        pVars.push(null);
        nVars.push(null);
        inputs.push(expr(x0[j]!));
        continue;
      }
      const xj = m.addVar({ name: `x${j}`, lb: x0[j]! - down, ub: x0[j]! + up });
      xVars.push(xj);
      pVars.push(null);
      nVars.push(null);
      inputs.push(expr(xj));
      m.addRange(`linf${j}`, -Infinity, expr(xj, [-1, t!]), x0[j]!);
      m.addRange(`linfb${j}`, x0[j]!, expr(xj, t!), Infinity);
      continue;
    }
    const pj = up > 0 ? m.addVar({ name: `p${j}`, lb: 0, ub: up }) : null;
    const nj = down > 0 ? m.addVar({ name: `n${j}`, lb: 0, ub: down }) : null;
    pVars.push(pj);
    nVars.push(nj);
    const e = expr(x0[j]!);
    if (pj) e.add(1, pj);
    if (nj) e.add(-1, nj);
    if (compact && (pj || nj)) {
      const xj = m.addVar({ name: `x${j}`, lb: x0[j]! - down, ub: x0[j]! + up });
      m.addConstraint(`dx${j}`, expr(xj).addTerm(e, -1), '=', 0);
      xVars.push(xj);
      inputs.push(expr(xj));
    } else {
      xVars.push(null);
      inputs.push(e);
    }
    if (norm === 'l1') {
      if (pj) objective.add(1, pj);
      if (nj) objective.add(1, nj);
    } else if (pj || nj) {
      const row = expr();
      if (pj) row.add(1, pj);
      if (nj) row.add(1, nj);
      row.add(-1, t!);
      m.addConstraint(`linf${j}`, row, '<=', 0);
    }
  }
  if (norm === 'linf') objective.add(1, t!);
  else if (radius !== null && objective.terms.size > 0) m.addConstraint('ball', objective.clone(), '<=', radius);
  m.minimize(objective);

  let stable = 0;
  let unstable = 0;
  let binaries = 0;
  interface Unit {
    z: Var | null;
    h: Var | null;
    sigma: Var | null;
  }
  const units: Unit[][] = [];
  // prev[j]: the j-th unit's output as an expression (constant for dead neurons).
  let prev: LinExpr[] = inputs;
  const L = net.layers.length;
  for (let k = 0; k < L - 1; k++) {
    const layer = net.layers[k]!;
    const lb = bounds[k]!;
    const out: LinExpr[] = [];
    const layerUnits: Unit[] = [];
    layer.W.forEach((wrow, i) => {
      const zExpr = expr(layer.b[i]!);
      wrow.forEach((w, j) => {
        if (w !== 0) zExpr.addTerm(prev[j]!, w);
      });
      const l = lb.lower[i]!;
      const u = lb.upper[i]!;
      if (kinds[k] === 'linear' || l >= 0) {
        if (kinds[k] !== 'linear') stable++;
        const h = m.addVar({ name: `h${k}_${i}`, lb: l, ub: u });
        m.addConstraint(`act${k}_${i}`, expr(h).addTerm(zExpr, -1), '=', 0);
        out.push(expr(h));
        layerUnits.push({ z: null, h, sigma: null });
        return;
      }
      if (u <= 0) {
        stable++;
        out.push(expr(0));
        layerUnits.push({ z: null, h: null, sigma: null });
        return;
      }
      unstable++;
      let z: LinExpr = zExpr;
      let zVar: Var | null = null;
      if (compact) {
        zVar = m.addVar({ name: `z${k}_${i}`, lb: l, ub: u });
        m.addConstraint(`def${k}_${i}`, expr(zVar).addTerm(zExpr, -1), '=', 0);
        z = expr(zVar);
      }
      const h = m.addVar({ name: `h${k}_${i}`, lb: 0, ub: u });
      const sigma = m.addVar({ name: `s${k}_${i}`, type: relaxed ? 'continuous' : 'binary', lb: 0, ub: 1 });
      if (!relaxed) binaries++;
      m.addConstraint(`ge${k}_${i}`, expr(h).addTerm(z, -1), '>=', 0);
      // h ≤ ẑ − l(1 − σ)  ⇔  h − ẑ − lσ ≤ −l
      m.addConstraint(`up${k}_${i}`, expr(h, [-l, sigma]).addTerm(z, -1), '<=', -l);
      m.addConstraint(`on${k}_${i}`, expr(h, [-u, sigma]), '<=', 0);
      out.push(expr(h));
      layerUnits.push({ z: zVar, h, sigma });
    });
    units.push(layerUnits);
    prev = out;
  }
  const last = net.layers[L - 1]!;
  const logit = (i: number): LinExpr => {
    const e = expr(last.b[i]!);
    last.W[i]!.forEach((w, j) => {
      if (w !== 0) e.addTerm(prev[j]!, w);
    });
    return e;
  };
  const diff = (r: LogitRow): LinExpr => logit(r.plus).addTerm(logit(r.minus), -1);
  const yVars: Var[] = [];
  if (criterion.kind === 'rows') {
    criterion.rows.forEach((r, q) => m.addConstraint(`crit${q}`, diff(r), '>=', r.margin));
  } else {
    const pick = expr();
    criterion.rows.forEach((r, q) => {
      const y = m.addVar({ name: `y${r.plus}`, type: relaxed ? 'continuous' : 'binary', lb: 0, ub: 1 });
      if (!relaxed) binaries++;
      yVars.push(y);
      pick.add(1, y);
      // o_plus − o_minus ≥ m − M(1 − y), M = m − lower bound (0 when the row always holds).
      const M = Math.max(0, r.margin - criterion.lower[q]!);
      m.addConstraint(`any${q}`, diff(r).add(-M, y), '>=', r.margin - M);
    });
    m.addConstraint('pick', pick, '>=', 1);
  }
  const inputOf = (values: ArrayLike<number>): number[] =>
    x0.map((v, j) => {
      let xj = v;
      const xv = xVars[j];
      const pj = pVars[j];
      const nj = nVars[j];
      if (xv) xj = values[xv.index]!;
      else {
        if (pj) xj += values[pj.index]!;
        if (nj) xj -= values[nj.index]!;
      }
      return Math.min(box.upper[j]!, Math.max(box.lower[j]!, xj));
    });
  const startFor = (network: Network, x: readonly number[]): Float64Array => {
    const v = new Float64Array(m.numVars);
    let dist = 0;
    x.forEach((xj, j) => {
      const delta = xj - x0[j]!;
      dist = norm === 'l1' ? dist + Math.abs(delta) : Math.max(dist, Math.abs(delta));
      const xv = xVars[j];
      if (xv) v[xv.index] = xj;
      const pj = pVars[j];
      const nj = nVars[j];
      if (pj) v[pj.index] = Math.max(0, delta);
      if (nj) v[nj.index] = Math.max(0, -delta);
    });
    if (t) v[t.index] = dist;
    const trace = traceForward(network, x);
    units.forEach((layerUnits, k) => {
      const pre = trace.layers[k]!.pre;
      layerUnits.forEach((unit, i) => {
        const zv = pre[i]!;
        if (unit.z) v[unit.z.index] = zv;
        if (unit.h) v[unit.h.index] = kinds[k] === 'linear' ? zv : Math.max(0, zv);
        if (unit.sigma) v[unit.sigma.index] = zv > 0 ? 1 : 0;
      });
    });
    if (yVars.length > 0 && criterion.kind === 'disjunction') {
      const o = trace.layers[L - 1]!.pre;
      let bestQ = 0;
      criterion.rows.forEach((r, q) => {
        const a = o[r.plus]! - o[r.minus]!;
        const b = o[criterion.rows[bestQ]!.plus]! - o[criterion.rows[bestQ]!.minus]!;
        if (a > b) bestQ = q;
      });
      v[yVars[bestQ]!.index] = 1;
    }
    return v;
  };
  return { model: m, stable, unstable, binaries, inputOf, startFor };
}

// ---------------------------------------------------------------- MIP start

/** 'any' with anyStrategy 'auto': per-target solves when the ball leaves at most this many unstable neurons. */
export const PER_TARGET_MAX_UNSTABLE = 6;

/** HiGHS options for the 'none' tightening: its big M needs a much finer integrality tolerance to stay exact. */
export const WIDE_BOX_OPTIONS: Readonly<Record<string, number>> = { mip_feasibility_tolerance: 1e-9 };

/** HiGHS options used when the MIP starts from a known attack: no sub-MIP heuristics (RINS, RENS, root reduced cost). */
export const START_OPTIONS: Readonly<Record<string, boolean>> = {
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false,
};

/**
 * `solveModel` with a starting solution (HiGHS setSolution before the run).
 * Without a start this is exactly `solveModel`. The shared adapter has no start
 * option yet; this mirrors its status mapping for the cases an attack meets.
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

// ---------------------------------------------------------------- the method

interface Candidate {
  x: number[];
  objective: number;
  witness: Witness;
}

class Clock {
  private readonly started = performance.now();
  constructor(private readonly limit: number) {}
  get ms(): number {
    return performance.now() - this.started;
  }
  /** Seconds left (never below a millisecond). */
  get left(): number {
    return Math.max(1e-3, this.limit - this.ms / 1000);
  }
  get expired(): boolean {
    return this.ms / 1000 >= this.limit;
  }
}

function parseOptions(params: AdversarialParamsInput | AdversarialOptionsInput): AdversarialOptions {
  const { network: _n, sample: _s, split: _sp, input: _i, label: _l, ...rest } = params as Record<string, unknown>;
  return adversarialOptionsSchema.parse(rest);
}

function errorResult(message: string, x0: readonly number[], label: number, opts: Partial<AdversarialOptions>): AdversarialResult {
  return {
    status: 'error',
    message,
    formulation: opts.formulation ?? 'mip',
    norm: opts.norm ?? 'l1',
    criterion: opts.criterion ?? 'all-others',
    margin: opts.margin ?? 0.01,
    tightening: opts.tightening ?? 'lp',
    objective: null,
    bound: null,
    gap: null,
    timeMs: 0,
    variables: 0,
    constraints: 0,
    binaries: 0,
    stableNeurons: null,
    unstableNeurons: null,
    tightenedStable: 0,
    nodes: 0,
    x: null,
    x0: [...x0],
    label,
    originalPredicted: -1,
    originalLogits: [],
    witness: null,
    local: null,
    radius: { value: null, source: 'none' },
    anyStrategy: null,
    targets: [],
    bounds: null,
    timings: { localMs: 0, boundsMs: 0, solveMs: 0 },
    log: '',
  };
}

function localDetails(r: LocalAttackResult): LocalDetails {
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

/** L1/L∞ distance a linearisation at x⁰ predicts for row r (gap over the dual norm of the gradient). */
function linearEstimate(net: Network, x0: readonly number[], row: LogitRow, norm: NormName): number {
  const h = 1e-6;
  const o0 = logitsOf(net, x0);
  const g0 = o0[row.plus]! - o0[row.minus]!;
  if (g0 >= row.margin) return 0;
  // Gradient by the active pattern at x⁰ (exact for a ReLU net away from kinks).
  let dual = 0;
  const x = [...x0];
  for (let j = 0; j < x.length; j++) {
    x[j] = x0[j]! + h;
    const o = logitsOf(net, x);
    x[j] = x0[j]!;
    const gj = (o[row.plus]! - o[row.minus]! - g0) / h;
    dual = norm === 'l1' ? Math.max(dual, Math.abs(gj)) : dual + Math.abs(gj);
  }
  return dual > 0 ? (row.margin - g0) / dual : Infinity;
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
  /**
   * A MIP answer holds only up to HiGHS's tolerances: an indicator at 1e-6
   * lets h move by 1e-6·u, and presolve may leave the norm's auxiliaries a
   * little off x. So the answer is polished: the exact optimum inside its
   * linear region (one LP with its activation pattern fixed, tight
   * tolerances) replaces it when it is valid and no worse; when the answer
   * misses m, both sides of up to 4 neurons that sit at 0 are tried, and an
   * answer within the MIP's gap tolerance of it is accepted.
   */
  const polished = (x: number[]): Candidate => {
    const w = witness(x);
    const plain = { x, objective: distance(norm, x, x0), witness: w };
    const o = w.logits;
    const active = criterion === 'any' ? [rows.reduce((a, r) => (o[r.plus]! - o[r.minus]! > o[a.plus]! - o[a.minus]! ? r : a))] : rows;
    const trace = traceForward(net, x);
    const pattern = trace.layers.slice(0, -1).map((layer) => layer.pre.map((z) => z > 0));
    const near: [number, number, number][] = [];
    trace.layers.slice(0, -1).forEach((layer, k) =>
      layer.pre.forEach((z, i) => {
        if (Math.abs(z) <= 1e-4) near.push([k, i, Math.abs(z)]);
      }),
    );
    near.sort((a, b) => a[2] - b[2]);
    const flips = plain.witness.margin >= margin ? [] : near.slice(0, 4);
    const limit = plain.witness.valid ? plain.objective : plain.objective + Math.max(opts.mipGap, 1e-6) * Math.max(1, plain.objective) + 1e-9;
    let best = plain.witness.valid ? plain : null;
    for (let mask = 0; mask < 1 << flips.length; mask++) {
      const pat = pattern.map((layer) => [...layer]);
      flips.forEach(([k, i], q) => {
        if ((mask >> q) & 1) pat[k]![i] = !pat[k]![i];
      });
      const y = regionOptimum(highs, net, x0, box, norm, active, pat);
      if (!y) continue;
      const c = { x: y, objective: distance(norm, y, x0), witness: witness(y) };
      if (!c.witness.valid || c.objective > limit) continue;
      if (!best || c.objective < best.objective) best = c;
    }
    return best ?? plain;
  };
  let log = '';
  const onLog = (line: string) => {
    if (log.length < 100_000) log += `${line}\n`;
    hooks.onLog?.(line);
  };

  // ---------------- local formulations
  if (opts.formulation === 'sqrt-relu' || opts.formulation === 'softplus') {
    const stages: Smoothing[] =
      opts.formulation === 'softplus' ? [{ kind: 'softplus', beta: opts.beta }] : sqrtSchedule(opts.epsilon);
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
        `${opts.formulation === 'softplus' ? `softplus β = ${opts.beta}` : 'sqrt-ReLU'} formulation: no optimality guarantee; ` +
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
      log,
    };
  }

  // ---------------- MIP and LP relaxation
  const relaxed = opts.formulation === 'lp-relaxation';
  let localMs = 0;
  let boundsMs = 0;
  let solveMs = 0;
  let incumbent = null as Candidate | null;
  let localInfo = null as LocalDetails | null;
  /** Per-target local radii ('any'). */
  const localRadius = new Map<number, number>();
  /** Per-target local answers ('any'), used as MIP starts. */
  const localByTarget = new Map<number, Candidate>();
  let relaxedBest = null as Candidate | null;
  const consider = (x: number[]): Candidate | null => {
    const w = witness(x);
    // Only an attack that meets the criterion exactly may set a radius.
    if (w.margin < margin) return null;
    const c = { x, objective: distance(norm, x, x0), witness: w };
    if (!incumbent || c.objective < incumbent.objective) incumbent = c;
    return c;
  };

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
  if (opts.radius === 'auto') {
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
              primal: incumbent?.objective ?? null,
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
      if (!localInfo || r.objective < localInfo.objective) localInfo = localDetails(r);
      const c = consider(r.x);
      if (c && target !== undefined) {
        localRadius.set(target, c.objective);
        localByTarget.set(target, c);
      }
    }
    localMs = performance.now() - started;
  }
  let radius: { value: number | null; source: 'local' | 'hint' | 'none' } = { value: null, source: 'none' };
  if (typeof opts.radius === 'number') radius = { value: opts.radius, source: 'hint' };
  else if (opts.radius === 'auto' && incumbent) radius = { value: incumbent.objective, source: 'local' };

  const emitSolve = (target?: number) => (p: SolveProgress) =>
    hooks.onProgress?.({
      phase: 'solve',
      elapsedMs: clock.ms,
      primal: p.primal,
      dual: p.dual,
      gap: p.gap,
      nodes: p.nodes,
      ...(target !== undefined ? { target } : {}),
    });
  const boundsFor = (
    ballRadius: number | null,
    logitRows: readonly LogitRow[] | undefined,
    method: BoundsMethod = opts.tightening,
  ): { b: NetworkBounds; region: Region } => {
    const started = performance.now();
    const region: Region = { box, ball: ballRadius !== null ? { norm, center: x0, radius: inflate(ballRadius) } : null };
    const b = computeBounds(highs, net, region, method, {
      logitRows: opts.tightenWithCriterion || anyChoice === 'per-target' ? logitRows : undefined,
      timeLimit: clock.left,
      shouldStop: hooks.shouldStop,
      onProgress: (done, total) =>
        hooks.onProgress?.({ phase: 'bounds', elapsedMs: clock.ms, primal: incumbent?.objective ?? null, dual: null, gap: null, nodes: 0, message: `LP bounds ${done}/${total}` }),
    });
    boundsMs += performance.now() - started;
    return { b, region };
  };
  const solve = (built: AttackModel, target?: number, from: Candidate | null = incumbent): SolveResult => {
    const started = performance.now();
    let start: Float64Array | null = null;
    if (opts.mipStart && !relaxed && from) {
      start = built.startFor(net, from.x);
      if (built.model.maxViolation(start).violation > 1e-7) start = null;
    }
    // With a (usually near-optimal) start, the sub-MIP heuristics only burn time: the tree search proves it.
    const options = {
      // HiGHS's default absolute gap (1e-6) would stop 1e-6 above optima that are often below 1.
      mip_abs_gap: Math.min(1e-9, opts.mipGap),
      ...(start ? START_OPTIONS : {}),
      // With the wide 'none' box, σ = 1e-6 (HiGHS's integrality tolerance) would let h move by 1e-2·scale.
      ...(opts.tightening === 'none' ? WIDE_BOX_OPTIONS : {}),
      ...(opts.solverOptions ?? {}),
    };
    const res = solveWithStart(highs, built.model, start, {
      timeLimit: clock.left,
      mipGap: opts.mipGap,
      shouldStop: hooks.shouldStop,
      onProgress: emitSolve(target),
      onLog,
      keepLog: false,
      options,
    });
    solveMs += performance.now() - started;
    return res;
  };
  const mapStatus = (s: SolveResult['status']): AttackStatus =>
    s === 'optimal' ? 'optimal' : s === 'infeasible' ? 'infeasible' : s === 'time-limit' ? 'time-limit' : s === 'interrupted' ? 'interrupted' : 'error';

  let anyChoice: 'binary' | 'per-target' | null = null;
  let anyReason = '';
  if (criterion === 'any') {
    if (opts.anyStrategy !== 'auto') {
      anyChoice = opts.anyStrategy;
      anyReason = 'as asked';
    } else if (radius.value === null) {
      anyChoice = 'binary';
      anyReason = 'no attack radius known';
    } else {
      // Per-target solves pay off only when the ball leaves almost every neuron stable.
      const ib = intervalBounds(net, { box, ball: { norm, center: x0, radius: inflate(radius.value) } });
      anyChoice = ib.unstable <= PER_TARGET_MAX_UNSTABLE ? 'per-target' : 'binary';
      anyReason = `${ib.unstable} neurons unstable in the ball of radius ${radius.value.toPrecision(4)}`;
    }
  }
  const useBinary = anyChoice === 'binary';
  const finish = (
    status: AttackStatus,
    message: string,
    best: Candidate | null,
    bound: number | null,
    size: { variables: number; constraints: number; binaries: number; stable: number | null; unstable: number | null },
    boundsInfo: NetworkBounds | null,
    extra: { nodes: number; targets: TargetSolve[]; anyStrategy: 'binary' | 'per-target' | null },
  ): AdversarialResult => {
    const objective = best ? best.objective : null;
    let gap: number | null = null;
    if (objective !== null && bound !== null) gap = status === 'optimal' && !relaxed ? 0 : Math.max(0, (objective - bound) / Math.max(Math.abs(objective), 1e-9));
    if (relaxed && objective !== null) gap = 0;
    const anyNote = anyChoice
      ? ` ('any' solved ${anyChoice === 'binary' ? 'with one binary per class' : 'one target class at a time'}: ${anyReason})`
      : '';
    return {
      ...base,
      status,
      message: `${message}${anyNote}`,
      objective,
      bound,
      gap,
      timeMs: clock.ms,
      variables: size.variables,
      constraints: size.constraints,
      binaries: size.binaries,
      stableNeurons: size.stable,
      unstableNeurons: size.unstable,
      tightenedStable: boundsInfo?.tightenedStable ?? 0,
      nodes: extra.nodes,
      x: best ? best.x : null,
      witness: best ? best.witness : null,
      local: localInfo,
      radius,
      anyStrategy: extra.anyStrategy,
      targets: extra.targets,
      bounds: boundsInfo ? { method: boundsInfo.method, timeMs: boundsInfo.timeMs, lpSolves: boundsInfo.lpSolves, status: boundsInfo.status } : null,
      timings: { localMs, boundsMs, solveMs },
      log,
    };
  };
  const sizeOf = (built: AttackModel) => {
    const s = built.model.stats();
    return { variables: s.variables, constraints: s.constraints, binaries: s.binaries, stable: built.stable, unstable: built.unstable };
  };
  const noSize = { variables: 0, constraints: 0, binaries: 0, stable: null, unstable: null };
  const what = relaxed ? 'LP relaxation' : 'MIP';

  if (criterion !== 'any' || useBinary) {
    // One model: all rows, or the disjunction with one binary per class.
    const { b, region } = boundsFor(radius.value, criterion === 'any' ? undefined : rows);
    if (b.status === 'infeasible') {
      return radiusInfeasible(b);
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
      if (kept.length === 0) return radiusInfeasible(b);
      spec = { kind: 'disjunction', rows: kept.map((q) => q.r), lower: kept.map((q) => q.lower) };
    } else spec = { kind: 'rows', rows };
    const built = buildAttackModel({ net, x0, box, norm, bounds: b.layers, criterion: spec, relaxed, compact: opts.compact, radius: radius.value !== null ? inflate(radius.value) : null });
    const res = solve(built);
    const size = sizeOf(built);
    const anyStrategy = criterion === 'any' ? 'binary' : null;
    if (res.status === 'infeasible') {
      if (radius.source === 'local' && incumbent) {
        // Only solver tolerances can do this (the local answer lies in the ball): keep the local answer.
        return finish('time-limit', `the ${what} found nothing inside the ball of the local answer (numerical trouble); the local answer is kept, not proven optimal`, incumbent, null, size, b, { nodes: res.nodes, targets: [], anyStrategy });
      }
      return finish('infeasible', infeasibleMessage(), null, null, size, b, { nodes: res.nodes, targets: [], anyStrategy });
    }
    let best: Candidate | null = null;
    if (res.x) {
      const x = built.inputOf(res.x);
      best = relaxed ? { x, objective: res.objective!, witness: witness(x) } : polished(x);
    }
    const status = mapStatus(res.status);
    if (!relaxed && incumbent && (!best || incumbent.objective < best.objective - 1e-12)) {
      if (status !== 'optimal' || !best) best = incumbent;
    }
    let bound = relaxed ? (res.status === 'optimal' ? res.objective : null) : res.bound;
    if (status === 'optimal' && !relaxed && best) bound = Math.min(bound ?? best.objective, best.objective);
    if (relaxed && best) best = { ...best, objective: res.objective! };
    if (status === 'error') return finish('error', res.message, best, bound, size, b, { nodes: res.nodes, targets: [], anyStrategy });
    return finish(status, summary(status, res.message), best, bound, size, b, { nodes: res.nodes, targets: [], anyStrategy });
  }

  // ---------------- 'any', one solve per target class
  // Screening over the ball of the best attack known: interval reachability of
  // the target, then the LP relaxation's value (one LP per target). A target
  // whose relaxation cannot beat the radius is settled; the others are solved
  // in increasing order of their relaxation value, each over the ball of the
  // best attack found so far.
  let best: Candidate | null = incumbent;
  /** Radius of the best valid attack known (never an LP value). */
  let upper = best ? best.objective : radius.value;
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
    const { b: shared, region } = boundsFor(upper, undefined, 'interval');
    for (const r of rows) {
      const t0 = performance.now();
      if (upper === null) {
        queue.push({ r, key: localRadius.get(r.plus) ?? linearEstimate(net, x0, r, norm), lb: 0 });
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
    boundsMs += performance.now() - started;
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
    const { b, region } = boundsFor(upper, [r]);
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
    const res = solve(built, r.plus, localByTarget.get(r.plus) ?? null);
    nodes += res.nodes;
    const size = sizeOf(built);
    if (size.binaries >= largest.binaries) largest = size;
    const status = mapStatus(res.status);
    let objective: number | null = null;
    if (res.x) {
      const x = built.inputOf(res.x);
      const c = relaxed ? { x, objective: res.objective!, witness: witness(x) } : polished(x);
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
    return finish(
      status,
      status === 'optimal' ? summary('optimal', '') : status === 'infeasible' ? infeasibleMessage() : summary(status, ''),
      shown ? { ...shown, objective: Number.isFinite(value) ? value : shown.objective } : null,
      Number.isFinite(value) ? value : null,
      largest,
      lastBounds,
      { nodes, targets, anyStrategy: 'per-target' },
    );
  }
  if (!best) {
    const status: AttackStatus = stopped ?? (proven ? 'infeasible' : 'time-limit');
    return finish(status, status === 'infeasible' ? infeasibleMessage() : summary(status, ''), null, null, largest, lastBounds, { nodes, targets, anyStrategy: 'per-target' });
  }
  const found = best as Candidate;
  const bound = Math.min(lowest, found.objective);
  const status: AttackStatus = proven ? 'optimal' : (stopped ?? 'time-limit');
  return finish(
    status,
    proven
      ? `${relaxed ? 'LP relaxation bound' : 'optimal'}: the smallest over ${rows.length} target classes (class ${found.witness.predicted})`
      : summary(status, ''),
    found,
    relaxed ? (proven ? found.objective : null) : bound,
    largest,
    lastBounds,
    { nodes, targets, anyStrategy: 'per-target' },
  );

  function infeasibleMessage(): string {
    return radius.value !== null && radius.source === 'hint'
      ? `no input within ${norm} distance ${radius.value} of x⁰ meets the criterion`
      : 'no input in the box meets the criterion';
  }
  function summary(status: AttackStatus, message: string): string {
    if (status === 'optimal') return relaxed ? 'LP relaxation solved: its value is a certified lower bound on the MIP optimum' : 'optimal (proven by the MIP)';
    if (status === 'time-limit') return `time limit reached: best attack found so far, not proven optimal${message ? ` (${message})` : ''}`;
    if (status === 'interrupted') return 'stopped on request: best attack found so far kept, not proven optimal';
    return message;
  }
  function radiusInfeasible(b: NetworkBounds): AdversarialResult {
    if (radius.source === 'local' && incumbent) {
      return finish('time-limit', 'bound tightening declared the ball of the local answer empty (numerical trouble); the local answer is kept, not proven optimal', incumbent, null, noSize, b, { nodes: 0, targets: [], anyStrategy: null });
    }
    return finish('infeasible', infeasibleMessage(), null, null, noSize, b, { nodes: 0, targets: [], anyStrategy: null });
  }
}

/**
 * min ‖y − x⁰‖ over one linear region of the network (pattern[k][i]: ReLU i
 * of layer k is active, pre-activation ≥ 0, or not, ≤ 0) subject to the rows,
 * by one LP with tight tolerances; null when it is infeasible or fails.
 */
export function regionOptimum(
  highs: Highs,
  net: Network,
  x0: readonly number[],
  box: InputBox,
  norm: NormName,
  rows: readonly LogitRow[],
  pattern: readonly (readonly boolean[])[],
): number[] | null {
  const d = x0.length;
  const kinds = hiddenLayerKinds(net);
  const m = new MilpModel('region');
  const xs: Var[] = [];
  const objective = expr();
  const t = norm === 'linf' ? m.addVar({ name: 't', lb: 0 }) : null;
  for (let j = 0; j < d; j++) {
    const xj = m.addVar({ name: `x${j}`, lb: box.lower[j]!, ub: box.upper[j]! });
    xs.push(xj);
    if (norm === 'l1') {
      const p = m.addVar({ name: `p${j}` });
      const n = m.addVar({ name: `n${j}` });
      m.addConstraint(`d${j}`, expr(xj, [-1, p], n), '=', x0[j]!);
      objective.add(1, p).add(1, n);
    } else {
      m.addConstraint(`a${j}`, expr(xj, [-1, t!]), '<=', x0[j]!);
      m.addConstraint(`b${j}`, expr(xj, t!), '>=', x0[j]!);
    }
  }
  if (t) objective.add(1, t);
  m.minimize(objective);
  // The network is affine in the region: carry (A, c) with z = A·x + c as dense arrays.
  let A: number[][] = xs.map((_, j) => xs.map((__, q) => (q === j ? 1 : 0)));
  let c: number[] = new Array<number>(d).fill(0);
  const L = net.layers.length;
  let logitMaps: { A: number[][]; c: number[] } | null = null;
  net.layers.forEach((layer, k) => {
    const zA: number[][] = [];
    const zc: number[] = [];
    layer.W.forEach((wrow, i) => {
      const row = new Array<number>(d).fill(0);
      let ci = layer.b[i]!;
      wrow.forEach((w, j) => {
        if (w === 0) return;
        const src = A[j]!;
        for (let q = 0; q < d; q++) row[q]! += w * src[q]!;
        ci += w * c[j]!;
      });
      zA.push(row);
      zc.push(ci);
    });
    if (k === L - 1) {
      logitMaps = { A: zA, c: zc };
      return;
    }
    const relu = kinds[k] === 'relu';
    zA.forEach((row, i) => {
      if (!relu) return;
      const e = expr(zc[i]!);
      row.forEach((v, q) => {
        if (v !== 0) e.add(v, xs[q]!);
      });
      const on = pattern[k]![i]!;
      m.addConstraint(`r${k}_${i}`, e, on ? '>=' : '<=', 0);
      if (!on) {
        zA[i] = new Array<number>(d).fill(0);
        zc[i] = 0;
      }
    });
    A = zA;
    c = zc;
  });
  const maps = logitMaps as unknown as { A: number[][]; c: number[] };
  rows.forEach((r, q) => {
    const e = expr(maps.c[r.plus]! - maps.c[r.minus]!);
    for (let j = 0; j < d; j++) {
      const v = maps.A[r.plus]![j]! - maps.A[r.minus]![j]!;
      if (v !== 0) e.add(v, xs[j]!);
    }
    m.addConstraint(`crit${q}`, e, '>=', r.margin);
  });
  const res = solveModel(highs, m, {
    keepLog: false,
    options: { primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 },
  });
  if (res.status !== 'optimal' || !res.x) return null;
  return xs.map((v, j) => Math.min(box.upper[j]!, Math.max(box.lower[j]!, res.x![v.index]!)));
}

/** Interval range of o[plus] − o[minus] from the last hidden layer's bounds (exact over the region without hidden layers). */
export function intervalDifference(net: Network, layers: readonly LayerBounds[], r: LogitRow, region: Region): [number, number] {
  const L = net.layers.length;
  const last = net.layers[L - 1]!;
  const wdiff = last.W[r.plus]!.map((w, j) => w - last.W[r.minus]![j]!);
  const bdiff = last.b[r.plus]! - last.b[r.minus]!;
  if (L === 1) return linearRange(wdiff, bdiff, region);
  const prev = layers[L - 2]!;
  const relu = hiddenLayerKinds(net)[L - 2] === 'relu';
  let lo = bdiff;
  let hi = lo;
  for (let j = 0; j < prev.lower.length; j++) {
    const w = wdiff[j]!;
    const a = relu ? Math.max(0, prev.lower[j]!) : prev.lower[j]!;
    const c = relu ? Math.max(0, prev.upper[j]!) : prev.upper[j]!;
    if (w >= 0) {
      lo += w * a;
      hi += w * c;
    } else {
      lo += w * c;
      hi += w * a;
    }
  }
  return [lo, hi];
}
