/**
 * Pre-activation bounds of a dense ReLU network over an input region.
 *
 * The region is a box (per-feature lower/upper, [0, 1] by default), optionally
 * intersected with a norm ball ‖x − x⁰‖ ≤ r (L1 or L∞) around a point x⁰ of the
 * box. Three methods, from loosest to tightest:
 *
 *  - `wideBounds` ('none'): every neuron gets |ẑ| ≤ 1e4·scale, where scale is
 *    the largest interval bound of the network (so the box is valid, only wide);
 *    nothing is known to be stable.
 *  - `intervalBounds` ('interval'): exact ranges of the first layer (for the L1
 *    ball ∩ box a fractional knapsack: spend the budget r on the features with
 *    the largest |wⱼ| first), then interval arithmetic through the layers.
 *  - `lpTightenBounds` ('lp'): layer by layer, the min and max of every unstable
 *    neuron's pre-activation over the LP relaxation of the layers before it
 *    (the triangle relaxation of each unstable ReLU, stable ones exact), the
 *    region's constraints and, optionally, linear constraints on the logits (the
 *    attack criterion: bounds valid over the attack's feasible set are valid
 *    for the attack MIP). One HiGHS model is built once; each bound is a change
 *    of one column cost and a warm-started simplex run; after each neuron its
 *    new bounds are written back into the relaxation rows.
 *
 * Layers: every layer but the last must be relu (or identity); the last
 * layer's pre-activations are the logits (its activation is ignored). Layer
 * indices below count all layers; `bounds.layers[L − 1]` are the logits' bounds.
 */
import type { Network } from '../../../shared/domain/network';
import type { Highs } from '../highs/highs';
import { PersistentLp } from '../highs/persistent-lp';
import { activations, defaultActivationParams } from '../nn/activations';
import { expr, MilpModel, type Constraint, type LinExpr, type Var } from '../model/model';

export type NormName = 'l1' | 'linf';

export interface InputBox {
  lower: readonly number[];
  upper: readonly number[];
}

export interface NormBall {
  norm: NormName;
  center: readonly number[];
  radius: number;
}

export interface Region {
  box: InputBox;
  ball?: NormBall | null;
}

export interface LayerBounds {
  lower: number[];
  upper: number[];
}

export type BoundsMethod = 'none' | 'interval' | 'lp';

export interface NetworkBounds {
  /** Pre-activation bounds of every layer (the last are the logits). */
  layers: LayerBounds[];
  method: BoundsMethod;
  /** Hidden ReLU neurons with u ≤ 0 or l ≥ 0. */
  stable: number;
  unstable: number;
  /** Neurons that LP tightening made stable (0 for the other methods). */
  tightenedStable: number;
  /** LP solves made. */
  lpSolves: number;
  timeMs: number;
  /**
   * 'infeasible': the LP relaxation over the region (with the logit constraints)
   * is empty, so no input of the region meets them; 'interrupted'/'time-limit':
   * tightening stopped early (the bounds are valid, only looser).
   */
  status: 'ok' | 'infeasible' | 'interrupted' | 'time-limit';
}

/** A constraint on the logits: o[plus] − o[minus] ≥ margin. */
export interface LogitRow {
  plus: number;
  minus: number;
  margin: number;
}

/** Kind of each layer's nonlinearity for the formulations: relu or linear. */
export type LayerKind = 'relu' | 'linear';

/**
 * Checks that the network is a dense ReLU net the MIP can encode and returns
 * the kind of each hidden layer. Throws a readable Error otherwise.
 */
export function hiddenLayerKinds(net: Network): LayerKind[] {
  const kinds: LayerKind[] = [];
  net.layers.forEach((layer, k) => {
    if (k === net.layers.length - 1) return;
    if (layer.activation === 'relu') kinds.push('relu');
    else if (layer.activation === 'identity') kinds.push('linear');
    else {
      throw new Error(
        `layer ${k + 1} uses ${layer.activation}: the attack formulations need hidden layers with relu (or identity) activations`,
      );
    }
  });
  return kinds;
}

export function unitBox(d: number): InputBox {
  return { lower: new Array<number>(d).fill(0), upper: new Array<number>(d).fill(1) };
}

/** Relative loosening applied to LP bounds so that solver tolerances never cut off a feasible point. */
export const LP_BOUND_SAFETY = 1e-6;

const relu = activations.relu.value;

/**
 * Exact min and max of w·x + b over the box ∩ ball. For the L1 ball this is a
 * fractional knapsack from x⁰ (which must lie in the box): moving feature j by
 * t costs t and changes w·x by |wⱼ|t, up to the box; the budget goes to the
 * largest |wⱼ| first.
 */
export function linearRange(w: readonly number[], b: number, region: Region): [number, number] {
  const { box, ball } = region;
  const d = w.length;
  if (!ball || ball.norm === 'linf') {
    let lo = b;
    let hi = b;
    for (let j = 0; j < d; j++) {
      let a = box.lower[j]!;
      let c = box.upper[j]!;
      if (ball) {
        a = Math.max(a, ball.center[j]! - ball.radius);
        c = Math.min(c, ball.center[j]! + ball.radius);
        if (a > c) a = c = Math.min(Math.max(ball.center[j]!, box.lower[j]!), box.upper[j]!);
      }
      const wj = w[j]!;
      if (wj >= 0) {
        lo += wj * a;
        hi += wj * c;
      } else {
        lo += wj * c;
        hi += wj * a;
      }
    }
    return [lo, hi];
  }
  const x0 = ball.center;
  let base = b;
  for (let j = 0; j < d; j++) base += w[j]! * x0[j]!;
  const order: number[] = [];
  for (let j = 0; j < d; j++) if (w[j] !== 0) order.push(j);
  order.sort((p, q) => Math.abs(w[q]!) - Math.abs(w[p]!));
  const spend = (upward: boolean): number => {
    // upward: maximise; each feature moves in the direction that raises (or lowers) w·x.
    let budget = ball.radius;
    let change = 0;
    for (const j of order) {
      if (budget <= 0) break;
      const wj = w[j]!;
      const goUp = upward ? wj > 0 : wj < 0;
      const cap = goUp ? box.upper[j]! - x0[j]! : x0[j]! - box.lower[j]!;
      if (cap <= 0) continue;
      const t = Math.min(cap, budget);
      budget -= t;
      change += Math.abs(wj) * t;
    }
    return change;
  };
  return [base - spend(false), base + spend(true)];
}

/** Post-activation range of one neuron with pre-activation in [l, u]. */
function postRange(kind: LayerKind, l: number, u: number): [number, number] {
  return activations[kind === 'relu' ? 'relu' : 'identity'].range(l, u, defaultActivationParams);
}

export function countStable(net: Network, layers: readonly LayerBounds[]): { stable: number; unstable: number } {
  const kinds = hiddenLayerKinds(net);
  let stable = 0;
  let unstable = 0;
  kinds.forEach((kind, k) => {
    if (kind !== 'relu') return;
    const { lower, upper } = layers[k]!;
    for (let i = 0; i < lower.length; i++) {
      if (upper[i]! <= 0 || lower[i]! >= 0) stable++;
      else unstable++;
    }
  });
  return { stable, unstable };
}

function checkRegion(net: Network, region: Region): void {
  const d = net.layers[0]!.W[0]!.length;
  const { box, ball } = region;
  if (box.lower.length !== d || box.upper.length !== d) throw new Error(`the input box must have ${d} entries per side`);
  for (let j = 0; j < d; j++) {
    if (!(box.lower[j]! <= box.upper[j]!)) throw new Error(`input box: lower bound of feature ${j} is above its upper bound`);
  }
  if (ball) {
    if (ball.center.length !== d) throw new Error(`the ball centre must have ${d} entries`);
    if (!(ball.radius >= 0) || !Number.isFinite(ball.radius)) throw new Error('the ball radius must be finite and ≥ 0');
    for (let j = 0; j < d; j++) {
      const c = ball.center[j]!;
      if (c < box.lower[j]! - 1e-12 || c > box.upper[j]! + 1e-12) throw new Error(`the ball centre lies outside the box (feature ${j})`);
    }
  }
}

/** Interval propagation from exact first-layer ranges. */
export function intervalBounds(net: Network, region: Region): NetworkBounds {
  const started = performance.now();
  checkRegion(net, region);
  const kinds = hiddenLayerKinds(net);
  const layers: LayerBounds[] = [];
  const first = net.layers[0]!;
  const l0: number[] = [];
  const u0: number[] = [];
  first.W.forEach((row, i) => {
    const [lo, hi] = linearRange(row, first.b[i]!, region);
    l0.push(lo);
    u0.push(hi);
  });
  layers.push({ lower: l0, upper: u0 });
  for (let k = 1; k < net.layers.length; k++) layers.push(propagateLayer(net, kinds, layers, k));
  return withoutLp(net, layers, 'interval', started);
}

/** The result of a method that solves no LP. */
function withoutLp(net: Network, layers: LayerBounds[], method: BoundsMethod, started: number): NetworkBounds {
  return { layers, method, ...countStable(net, layers), tightenedStable: 0, lpSolves: 0, timeMs: performance.now() - started, status: 'ok' };
}

/** Multiplier of the 'none' method's box. */
export const WIDE_FACTOR = 1e4;

/**
 * The 'none' method: |ẑ| ≤ 1e4·scale for every neuron, scale being the largest
 * magnitude of the interval bounds over the box (so the box is valid, only very
 * wide). No neuron is stable.
 */
export function wideBounds(net: Network, region: Region): NetworkBounds {
  const started = performance.now();
  const interval = intervalBounds(net, { box: region.box });
  let scale = 1;
  for (const layer of interval.layers) {
    for (let i = 0; i < layer.lower.length; i++) scale = Math.max(scale, Math.abs(layer.lower[i]!), Math.abs(layer.upper[i]!));
  }
  const M = WIDE_FACTOR * scale;
  const layers = interval.layers.map((layer) => ({ lower: layer.lower.map(() => -M), upper: layer.upper.map(() => M) }));
  return withoutLp(net, layers, 'none', started);
}

// ------------------------------------------------------------------ LP relaxation

interface NeuronRows {
  z: Var;
  h: Var;
  sigma: Var;
  /** h − z − lσ ≤ −l */
  r2: Constraint;
  /** h − uσ ≤ 0 */
  r3: Constraint;
}

export interface RelaxationOptions {
  /** Constraints o[plus] − o[minus] ≥ margin the feasible points must meet (e.g. the attack criterion). */
  logitRows?: readonly LogitRow[];
  /** HiGHS options for the LPs (by snake_case name). */
  solverOptions?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The LP relaxation of the network over a region, kept in one persistent HiGHS
 * model: explicit pre-activation columns z, activations h and relaxed
 * indicators σ ∈ [0, 1] per ReLU neuron with the rows
 *   h − z ≥ 0,  h − z − lσ ≤ −l,  h − uσ ≤ 0,  h ≥ 0
 * (σ fixed to 0 or 1 for stable neurons), whose projection is the triangle
 * relaxation. Bounds are updated in place, objectives are changed by column
 * costs, and each run starts from the previous basis. Call `dispose()`.
 */
export class ReluRelaxationLp {
  readonly net: Network;
  readonly bounds: LayerBounds[];
  private readonly lp: PersistentLp;
  private readonly neurons: (NeuronRows | null)[][] = [];
  /** Column of each neuron's pre-activation, per layer (hidden layers and the logits layer has none). */
  private readonly zCols: number[][] = [];
  /** Expressions of the last hidden layer's outputs, for logit objectives. */
  private readonly lastHidden: (Var | null)[] = [];
  private readonly kinds: LayerKind[];
  private activeCosts: number[] = [];

  constructor(highs: Highs, net: Network, region: Region, initial: readonly LayerBounds[], opts: RelaxationOptions = {}) {
    checkRegion(net, region);
    this.net = net;
    this.kinds = hiddenLayerKinds(net);
    this.bounds = initial.map((b) => ({ lower: [...b.lower], upper: [...b.upper] }));
    const m = new MilpModel('relaxation');
    const d = net.layers[0]!.W[0]!.length;
    const { box, ball } = region;
    // Input columns: x ∈ box (∩ L∞ ball); an L1 ball adds x − p + n = x⁰, Σ(p + n) ≤ r.
    const xs: Var[] = [];
    for (let j = 0; j < d; j++) {
      let lo = box.lower[j]!;
      let hi = box.upper[j]!;
      if (ball && ball.norm === 'linf') {
        lo = Math.max(lo, ball.center[j]! - ball.radius);
        hi = Math.min(hi, ball.center[j]! + ball.radius);
        if (lo > hi) lo = hi = Math.min(Math.max(ball.center[j]!, box.lower[j]!), box.upper[j]!);
      }
      xs.push(m.addVar({ name: `x${j}`, lb: lo, ub: hi }));
    }
    if (ball && ball.norm === 'l1') {
      const total = expr();
      for (let j = 0; j < d; j++) {
        const p = m.addVar({ name: `p${j}`, lb: 0, ub: Math.max(0, box.upper[j]! - ball.center[j]!) });
        const n = m.addVar({ name: `n${j}`, lb: 0, ub: Math.max(0, ball.center[j]! - box.lower[j]!) });
        m.addConstraint(`dx${j}`, expr(xs[j]!, [-1, p], n), '=', ball.center[j]!);
        total.add(1, p).add(1, n);
      }
      m.addConstraint('ball', total, '<=', ball.radius);
    }
    let prev: (Var | null)[] = xs;
    const L = net.layers.length;
    for (let k = 0; k < L - 1; k++) {
      const layer = net.layers[k]!;
      const kind = this.kinds[k]!;
      const rows: (NeuronRows | null)[] = [];
      const cols: number[] = [];
      const out: (Var | null)[] = [];
      layer.W.forEach((wrow, i) => {
        const l = this.bounds[k]!.lower[i]!;
        const u = this.bounds[k]!.upper[i]!;
        const z = m.addVar({ name: `z${k}_${i}`, lb: l, ub: u });
        const e = expr(z);
        wrow.forEach((w, j) => {
          const v = prev[j];
          if (v && w !== 0) e.add(-w, v);
        });
        m.addConstraint(`def${k}_${i}`, e, '=', layer.b[i]!);
        cols.push(z.index);
        if (kind === 'linear') {
          rows.push(null);
          out.push(z);
          return;
        }
        const h = m.addVar({ name: `h${k}_${i}`, lb: 0, ub: relu(u) });
        const sLo = u <= 0 ? 0 : l >= 0 ? 1 : 0;
        const sHi = u <= 0 ? 0 : l >= 0 ? 1 : 1;
        const sigma = m.addVar({ name: `s${k}_${i}`, lb: sLo, ub: sHi });
        m.addConstraint(`r1_${k}_${i}`, expr(h, [-1, z]), '>=', 0);
        const r2 = m.addConstraint(`r2_${k}_${i}`, expr(h, [-1, z], [-l, sigma]), '<=', -l);
        const r3 = m.addConstraint(`r3_${k}_${i}`, expr(h, [-u, sigma]), '<=', 0);
        rows.push({ z, h, sigma, r2, r3 });
        out.push(h);
      });
      this.neurons.push(rows);
      this.zCols.push(cols);
      prev = out;
    }
    this.lastHidden.push(...prev);
    // Logit rows.
    const last = net.layers[L - 1]!;
    const logit = (i: number): LinExpr => {
      const e = expr(last.b[i]!);
      last.W[i]!.forEach((w, j) => {
        const v = prev[j];
        if (v && w !== 0) e.add(w, v);
      });
      return e;
    };
    (opts.logitRows ?? []).forEach((r, q) => {
      m.addConstraint(`crit${q}`, logit(r.plus).addTerm(logit(r.minus), -1), '>=', r.margin);
    });
    this.lp = PersistentLp.fromModel(highs, m, { presolve: 'off', ...(opts.solverOptions ?? {}) });
    this.activeCosts = [];
  }

  /** LP solves made. */
  get solves(): number {
    return this.lp.solves;
  }

  private setCosts(cols: readonly number[], costs: readonly number[]): void {
    for (const c of this.activeCosts) this.lp.setColCost(c, 0);
    cols.forEach((c, q) => this.lp.setColCost(c, costs[q]!));
    this.activeCosts = [...cols];
  }

  /**
   * Minimises Σ costs·cols + offset. Returns the optimum, or 'infeasible', or
   * null when the LP did not finish.
   */
  private solveMin(cols: readonly number[], costs: readonly number[], timeLimit?: number): number | 'infeasible' | null {
    this.setCosts(cols, costs);
    const outcome = this.lp.solve({ timeLimit });
    if (outcome === 'optimal') return this.lp.objective();
    return outcome === 'infeasible' ? 'infeasible' : null;
  }

  /** Whether the relaxation has any point at all ('infeasible', true, or null when undecided). */
  checkFeasible(timeLimit?: number): true | 'infeasible' | null {
    const r = this.solveMin([], [], timeLimit);
    return r === 'infeasible' || r === null ? r : true;
  }

  /** min and max of neuron (layer k, unit i)'s pre-activation over the relaxation. */
  range(k: number, i: number, timeLimit?: number): [number, number] | 'infeasible' | null {
    const col = this.zCols[k]![i]!;
    const lo = this.solveMin([col], [1], timeLimit);
    if (lo === 'infeasible') return 'infeasible';
    const hi = this.solveMin([col], [-1], timeLimit);
    if (hi === 'infeasible') return 'infeasible';
    if (lo === null || hi === null) return null;
    return [lo, -hi];
  }

  /**
   * Lower bound of o[plus] − o[minus] over the relaxation (the logits are affine
   * in the last hidden layer's outputs).
   */
  minLogitDifference(plus: number, minus: number, timeLimit?: number): number | 'infeasible' | null {
    const last = this.net.layers[this.net.layers.length - 1]!;
    const cols: number[] = [];
    const costs: number[] = [];
    let offset = last.b[plus]! - last.b[minus]!;
    this.lastHidden.forEach((v, j) => {
      const c = last.W[plus]![j]! - last.W[minus]![j]!;
      if (v && c !== 0) {
        cols.push(v.index);
        costs.push(c);
      }
    });
    if (cols.length === 0) return offset;
    const value = this.solveMin(cols, costs, timeLimit);
    if (value === 'infeasible' || value === null) return value;
    offset += value;
    return offset - LP_BOUND_SAFETY * (1 + Math.abs(offset));
  }

  /** Writes new bounds of a neuron into the relaxation. */
  update(k: number, i: number, l: number, u: number): void {
    this.bounds[k]!.lower[i] = l;
    this.bounds[k]!.upper[i] = u;
    const col = this.zCols[k]![i]!;
    this.lp.setColBounds(col, l, u);
    const rows = this.neurons[k]![i];
    if (!rows) return;
    this.lp.setCoefficient(rows.r2.index, rows.sigma.index, -l);
    this.lp.setRowBounds(rows.r2.index, -Infinity, -l);
    this.lp.setCoefficient(rows.r3.index, rows.sigma.index, -u);
    this.lp.setColBounds(rows.h.index, 0, relu(u));
    if (u <= 0) this.lp.setColBounds(rows.sigma.index, 0, 0);
    else if (l >= 0) this.lp.setColBounds(rows.sigma.index, 1, 1);
  }

  dispose(): void {
    this.lp.dispose();
  }
}

export interface LpTightenOptions extends RelaxationOptions {
  /** First layer to tighten; default 1 (the first layer's ranges are exact) or 0 with logit rows. */
  fromLayer?: number;
  /** Last layer to tighten (inclusive); default the last hidden layer. */
  toLayer?: number;
  /** Seconds for the whole tightening; bounds computed so far are kept. */
  timeLimit?: number;
  shouldStop?: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * LP tightening: for layers fromLayer..toLayer in order, min and max of each
 * unstable ReLU neuron's pre-activation over the LP relaxation of the network
 * (with the bounds already tightened), starting from `initial` (interval bounds
 * over the same region). Bounds are loosened by LP_BOUND_SAFETY·(1 + |value|)
 * before use, so solver tolerances cannot cut off feasible inputs.
 */
export function lpTightenBounds(
  highs: Highs,
  net: Network,
  region: Region,
  initial: NetworkBounds,
  opts: LpTightenOptions = {},
): NetworkBounds {
  const started = performance.now();
  const kinds = hiddenLayerKinds(net);
  const lastHidden = net.layers.length - 2;
  const hasRows = !!opts.logitRows && opts.logitRows.length > 0;
  const from = Math.max(0, opts.fromLayer ?? (hasRows ? 0 : 1));
  const to = Math.min(opts.toLayer ?? lastHidden, lastHidden);
  const before = countStable(net, initial.layers);
  const layers = initial.layers.map((b) => ({ lower: [...b.lower], upper: [...b.upper] }));
  let status: NetworkBounds['status'] = 'ok';
  let solves = 0;
  const estimate = (k: number): number => {
    let n = 0;
    const b = layers[k]!;
    for (let i = 0; i < b.lower.length; i++) if (b.lower[i]! < 0 && b.upper[i]! > 0) n++;
    return n;
  };
  let total = 0;
  for (let k = from; k <= to; k++) if (kinds[k] === 'relu') total += estimate(k);
  if (to >= from && (total > 0 || hasRows)) {
    const lp = new ReluRelaxationLp(highs, net, region, layers, opts);
    try {
      let done = 0;
      if (hasRows && total === 0) {
        if (lp.checkFeasible() === 'infeasible') status = 'infeasible';
      }
      outer: for (let k = from; k <= to; k++) {
        if (k > 0) {
          // Interval bounds from the tightened layer before (never looser than what is known).
          const fresh = propagateLayer(net, kinds, lp.bounds, k);
          for (let i = 0; i < fresh.lower.length; i++) {
            const l0 = lp.bounds[k]!.lower[i]!;
            const u0 = lp.bounds[k]!.upper[i]!;
            const l = Math.max(l0, fresh.lower[i]!);
            const u = Math.min(u0, fresh.upper[i]!);
            if (l <= u && (l !== l0 || u !== u0)) lp.update(k, i, l, u);
          }
        }
        if (kinds[k] !== 'relu') continue;
        const width = lp.bounds[k]!.lower.length;
        for (let i = 0; i < width; i++) {
          const l0 = lp.bounds[k]!.lower[i]!;
          const u0 = lp.bounds[k]!.upper[i]!;
          if (!(l0 < 0 && u0 > 0)) continue;
          if (opts.shouldStop?.()) {
            status = 'interrupted';
            break outer;
          }
          const elapsed = (performance.now() - started) / 1000;
          if (opts.timeLimit !== undefined && elapsed >= opts.timeLimit) {
            status = 'time-limit';
            break outer;
          }
          const range = lp.range(k, i, opts.timeLimit === undefined ? undefined : opts.timeLimit - elapsed);
          done++;
          opts.onProgress?.(done, Math.max(done, total));
          if (range === 'infeasible') {
            status = 'infeasible';
            break outer;
          }
          if (range === null) continue;
          const l = Math.max(l0, range[0] - LP_BOUND_SAFETY * (1 + Math.abs(range[0])));
          const u = Math.min(u0, range[1] + LP_BOUND_SAFETY * (1 + Math.abs(range[1])));
          // l > u is only possible through tolerances: keep the old bounds then.
          if (l <= u && (l !== l0 || u !== u0)) lp.update(k, i, l, u);
        }
      }
      lp.bounds.forEach((b, k) => {
        layers[k] = { lower: [...b.lower], upper: [...b.upper] };
      });
    } finally {
      solves = lp.solves;
      lp.dispose();
    }
  }
  // Deeper layers (and the logits) follow from the tightened bounds by interval arithmetic, never loosening.
  for (let k = Math.max(to + 1, 1); k < net.layers.length; k++) {
    const fresh = propagateLayer(net, kinds, layers, k);
    for (let i = 0; i < fresh.lower.length; i++) {
      layers[k]!.lower[i] = Math.max(layers[k]!.lower[i]!, fresh.lower[i]!);
      layers[k]!.upper[i] = Math.min(layers[k]!.upper[i]!, fresh.upper[i]!);
    }
  }
  const after = countStable(net, layers);
  return {
    layers,
    method: 'lp',
    stable: after.stable,
    unstable: after.unstable,
    tightenedStable: after.stable - before.stable,
    lpSolves: solves,
    timeMs: performance.now() - started,
    status,
  };
}

/** Interval bounds of layer k's pre-activations from the bounds of layer k − 1. */
function propagateLayer(net: Network, kinds: readonly LayerKind[], layers: readonly LayerBounds[], k: number): LayerBounds {
  const prev = layers[k - 1]!;
  const kind = kinds[k - 1]!;
  const pl: number[] = [];
  const pu: number[] = [];
  for (let j = 0; j < prev.lower.length; j++) {
    const [a, c] = postRange(kind, prev.lower[j]!, prev.upper[j]!);
    pl.push(a);
    pu.push(c);
  }
  const layer = net.layers[k]!;
  const lower: number[] = [];
  const upper: number[] = [];
  layer.W.forEach((row, i) => {
    let lo = layer.b[i]!;
    let hi = lo;
    for (let j = 0; j < row.length; j++) {
      const w = row[j]!;
      if (w >= 0) {
        lo += w * pl[j]!;
        hi += w * pu[j]!;
      } else {
        lo += w * pu[j]!;
        hi += w * pl[j]!;
      }
    }
    lower.push(lo);
    upper.push(hi);
  });
  return { lower, upper };
}

/** Bounds by the named method ('lp' needs HiGHS). */
export function computeBounds(
  highs: Highs | null,
  net: Network,
  region: Region,
  method: BoundsMethod,
  opts: LpTightenOptions = {},
): NetworkBounds {
  if (method === 'none') return wideBounds(net, region);
  const interval = intervalBounds(net, region);
  if (method === 'interval') return interval;
  if (!highs) throw new Error('LP tightening needs the HiGHS runtime');
  const tightened = lpTightenBounds(highs, net, region, interval, opts);
  tightened.timeMs += interval.timeMs;
  return tightened;
}
