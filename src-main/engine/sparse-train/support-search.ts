/**
 * Sparse training by connection support: the search strategy behind
 * `milp-train`'s default on data with few features (exact and margin modes).
 *
 * Every network of width L is, up to permuting its neurons, a multiset of
 * neuron "kinds" — which features a neuron is connected to (its support S) and
 * the sign of its output weight — plus neurons without connections, which only
 * add a constant. The number of connections is Σ|S| over the kinds. So the
 * sparsest fit can be found level by level: for k = 0, 1, 2, … ask HiGHS, for
 * each multiset of kinds with k connections, whether a network of exactly that
 * shape fits the data. The first level with a feasible shape is the optimum,
 * and the proof of optimality is the solver's infeasibility proofs for every
 * shape with fewer connections (a shape with a zero weight is a shape of a
 * lower level, already refuted).
 *
 * Why it is faster than one big MILP: with the support and the signs fixed,
 * each subproblem has no connection or sign binaries, its activation binaries
 * are shared between samples that look the same to a neuron, and it can state
 * strong valid rows the full model cannot: a neuron's output is
 * B_w·Σ_{j∈S}|Δxⱼ|-Lipschitz between two samples (ReLU is 1-Lipschitz), and a
 * one-feature neuron's activation is monotone along its feature (a threshold)
 * and its output convex along it.
 * Each subproblem is also solved on a growing subset of the samples: a shape
 * that cannot fit a subset cannot fit the whole set, and a network that fits
 * the subset is checked on every sample, adding the worst violators until it
 * fits everything or the subset is refuted. Samples that mattered once are
 * kept for the next shapes.
 *
 * Neurons without connections: their outputs sum to one constant c with
 * |c| ≤ (L − m)·B_b' where m is the number of connected neurons, and any such
 * c is split back into L − m constant neurons.
 *
 * The search applies when the number of shapes is small (few features, small
 * width); otherwise `milp-train` solves the single MILP.
 */
import type { Network } from '../../../shared/domain/network';
import { forward } from '../nn/forward';
import { solveModel, type Highs } from '../highs/highs';
import { expr, MilpModel, type LinExpr, type Var } from '../model/model';

export interface NeuronKind {
  /** Connected features, increasing. */
  features: readonly number[];
  sign: 1 | -1;
}

export interface SupportSearchProblem {
  X: readonly (readonly number[])[];
  y: readonly number[];
  mode: 'exact' | 'margin';
  width: number;
  /** Effective bounds of the ±1-output model (B_w·B_v, B_b·B_v). */
  weightBound: number;
  biasBound: number;
}

/** Connections of every kind: supports by decreasing size, each with both signs. */
export function neuronKinds(features: number): NeuronKind[] {
  const supports: number[][] = [];
  for (let mask = 1; mask < 1 << features; mask++) {
    supports.push(Array.from({ length: features }, (_, j) => j).filter((j) => mask & (1 << j)));
  }
  supports.sort((a, b) => b.length - a.length || a.join(',').localeCompare(b.join(',')));
  return supports.flatMap((S) => [
    { features: S, sign: 1 as const },
    { features: S, sign: -1 as const },
  ]);
}

/**
 * Multisets of at most `maxNeurons` kinds with exactly `connections`
 * connections, as non-decreasing lists of indices into `kinds` (one list per
 * shape up to neuron permutations).
 */
export function* shapesAtLevel(kinds: readonly NeuronKind[], connections: number, maxNeurons: number, from = 0): Generator<number[]> {
  if (connections === 0) {
    yield [];
    return;
  }
  if (maxNeurons === 0) return;
  for (let k = from; k < kinds.length; k++) {
    const cost = kinds[k]!.features.length;
    if (cost > connections) continue;
    for (const rest of shapesAtLevel(kinds, connections - cost, maxNeurons - 1, k)) yield [k, ...rest];
  }
}

/** How many shapes the search may visit (all levels up to width·features); Infinity past `cap`. */
export function countShapes(features: number, width: number, cap = 1e5): number {
  if (features > 12) return Infinity;
  const kinds = neuronKinds(features);
  let total = 0;
  for (let level = 0; level <= width * features; level++) {
    for (const _ of shapesAtLevel(kinds, level, width)) {
      if (++total > cap) return Infinity;
    }
  }
  return total;
}

/**
 * Feature sets at least one of which a shape must connect to: two samples with
 * different targets need different outputs, so some neuron must see a feature
 * in which they differ. Only inclusion-minimal sets are kept.
 */
export function requiredFeatureSets(problem: SupportSearchProblem, limit = 200): number[][] {
  const { X, y } = problem;
  const d = X[0]!.length;
  const sets = new Map<string, number[]>();
  // All pairs cost O(N²d); on large sets each sample is paired with its next few hundred only
  // (fewer required sets prune fewer shapes, never a feasible one).
  const reach = X.length > 3000 ? 300 : X.length;
  for (let a = 0; a < X.length; a++) {
    for (let b = a + 1; b < Math.min(X.length, a + 1 + reach); b++) {
      if (y[a] === y[b]) continue;
      const D = Array.from({ length: d }, (_, j) => j).filter((j) => X[a]![j] !== X[b]![j]);
      sets.set(D.join(','), D);
    }
  }
  const minimal: number[][] = [];
  for (const D of [...sets.values()].sort((p, q) => p.length - q.length)) {
    if (minimal.some((S) => S.every((j) => D.includes(j)))) continue;
    minimal.push(D);
    if (minimal.length >= limit) break;
  }
  return minimal;
}

interface ShapeModel {
  model: MilpModel;
  weights: Var[][];
  biases: Var[];
  constant: Var | null;
}

/** The feasibility MILP "does a network of this shape fit these samples?". */
export function buildShapeModel(problem: SupportSearchProblem, shape: readonly NeuronKind[], samples: readonly number[]): ShapeModel {
  const { X, y, mode, width } = problem;
  const Bw = problem.weightBound;
  const Bb = problem.biasBound;
  const m = new MilpModel('shape');
  const constantBound = (width - shape.length) * Bb;
  const constant = constantBound > 0 ? m.addVar({ name: 'c', lb: -constantBound, ub: constantBound }) : null;
  const outputs = new Map<number, LinExpr>(samples.map((n) => [n, constant ? expr(constant) : expr()]));
  const weights: Var[][] = [];
  const biases: Var[] = [];

  shape.forEach((kind, i) => {
    const S = kind.features;
    const w = S.map((j) => m.addVar({ name: `w_${i + 1}_${j + 1}`, lb: -Bw, ub: Bw }));
    const b = m.addVar({ name: `b_${i + 1}`, lb: -Bb, ub: Bb });
    weights.push(w);
    biases.push(b);
    // Samples that agree on S have the same pre-activation: one activation per group.
    const groups = new Map<string, { xs: number[]; members: number[] }>();
    for (const n of samples) {
      const xs = S.map((j) => X[n]![j]!);
      const key = xs.join(',');
      const group = groups.get(key);
      if (group) group.members.push(n);
      else groups.set(key, { xs, members: [n] });
    }
    const nodes = [...groups.values()].map((group, g) => {
      const M = Bw * group.xs.reduce((s, v) => s + Math.abs(v), 0) + Bb;
      const z = m.addVar({ name: `z_${i + 1}_${g + 1}`, type: 'binary' }); // 1 = inactive
      const p = m.addVar({ name: `p_${i + 1}_${g + 1}`, ub: M });
      const q = m.addVar({ name: `q_${i + 1}_${g + 1}`, ub: M });
      const pre = expr(b, [-1, p], q);
      group.xs.forEach((xv, k) => pre.add(xv, w[k]!));
      m.addConstraint(undefined, pre, '=', 0);
      m.addConstraint(undefined, expr(p, [M, z]), '<=', M);
      m.addConstraint(undefined, expr(q, [-M, z]), '<=', 0);
      for (const n of group.members) outputs.get(n)!.add(kind.sign, p);
      return { xs: group.xs, z, p };
    });

    const lipschitz = (a: (typeof nodes)[number], c: (typeof nodes)[number]) => {
      const L = Bw * a.xs.reduce((s, v, k) => s + Math.abs(v - c.xs[k]!), 0);
      m.addRange(undefined, -L, expr(a.p, [-1, c.p]), L);
    };
    if (S.length === 1) {
      // One feature: the neuron is active on one side of a threshold. dir = 1 ⇔ w ≥ 0.
      nodes.sort((a, c) => a.xs[0]! - c.xs[0]!);
      const dir = m.addVar({ name: `dir_${i + 1}`, type: 'binary' });
      m.addConstraint(undefined, expr(w[0]!, [-Bw, dir]), '<=', 0);
      m.addConstraint(undefined, expr(w[0]!, [-Bw, dir]), '>=', -Bw);
      for (let g = 0; g + 1 < nodes.length; g++) {
        const lo = nodes[g]!;
        const hi = nodes[g + 1]!;
        // w ≥ 0: inactive at the larger value ⇒ inactive at the smaller one; w ≤ 0: the reverse.
        m.addConstraint(undefined, expr(hi.z, [-1, lo.z], dir), '<=', 1);
        m.addConstraint(undefined, expr(lo.z, [-1, hi.z], [-1, dir]), '<=', 0);
        lipschitz(lo, hi); // neighbours along the line imply every pair
      }
      // A ReLU of an affine function is convex along the line: its slopes never decrease.
      for (let g = 0; g + 2 < nodes.length; g++) {
        const [a, c, e] = [nodes[g]!, nodes[g + 1]!, nodes[g + 2]!];
        const left = c.xs[0]! - a.xs[0]!;
        const right = e.xs[0]! - c.xs[0]!;
        m.addConstraint(undefined, expr([right, a.p], [-(left + right), c.p], [left, e.p]), '>=', 0);
      }
    } else {
      for (let a = 0; a < nodes.length; a++) for (let c = a + 1; c < nodes.length; c++) lipschitz(nodes[a]!, nodes[c]!);
    }
  });

  // Identical kinds are interchangeable: order them by bias.
  for (let i = 0; i + 1 < shape.length; i++) {
    const a = shape[i]!;
    const c = shape[i + 1]!;
    if (a.sign === c.sign && a.features.join(',') === c.features.join(',')) {
      m.addConstraint(undefined, expr(biases[i]!, [-1, biases[i + 1]!]), '>=', 0);
    }
  }

  for (const n of samples) {
    const out = outputs.get(n)!;
    if (mode === 'exact') m.addConstraint(undefined, out, '=', y[n]!);
    else if (y[n] === 1) m.addConstraint(undefined, out, '>=', 1);
    else m.addConstraint(undefined, out, '<=', 0);
  }
  m.minimize(expr());
  return { model: m, weights, biases, constant };
}

/** The width-L network of a shape's solution (constant neurons last). */
export function shapeNetwork(problem: SupportSearchProblem, shape: readonly NeuronKind[], built: ShapeModel, x: ArrayLike<number>): Network {
  const d = problem.X[0]!.length;
  const W: number[][] = [];
  const b: number[] = [];
  const v: number[] = [];
  shape.forEach((kind, i) => {
    const row = new Array<number>(d).fill(0);
    kind.features.forEach((j, k) => (row[j] = x[built.weights[i]![k]!.index]!));
    W.push(row);
    b.push(x[built.biases[i]!.index]!);
    v.push(kind.sign);
  });
  const spare = problem.width - shape.length;
  const c = built.constant ? x[built.constant.index]! : 0;
  for (let i = 0; i < spare; i++) {
    W.push(new Array<number>(d).fill(0));
    b.push(Math.abs(c) / spare);
    v.push(Math.abs(c) <= 1e-12 ? 0 : Math.sign(c));
  }
  return {
    layers: [
      { W, b, activation: 'relu' },
      { W: [v], b: [0], activation: 'identity' },
    ],
    output: 'identity',
  };
}

/** How far sample n is from being fitted (0 when it is). */
function violation(problem: SupportSearchProblem, network: Network, n: number): number {
  const out = forward(network, problem.X[n]!)[0]!;
  const yn = problem.y[n]!;
  if (problem.mode === 'exact') return Math.abs(out - yn);
  return Math.max(0, yn === 1 ? 1 - out : out);
}

/** How many of the worst-fitted samples of each target value join the subset per round (more was slower in our runs). */
const SAMPLES_ADDED_PER_TARGET = 1;

/** Samples within this of fitting count as fitted while growing the subset; the final check is the method's own. */
const SUBSET_TOLERANCE = 1e-7;

/**
 * HiGHS settings for the small feasibility subproblems: most are refuted at the
 * root, where primal heuristics only cost time. HiGHS runs its feasibility pump
 * at the root whenever it has no finite upper limit, whatever the heuristic
 * settings; every solution of these models has objective 0, so the objective
 * bound 1 cuts off nothing and skips the pump (it halved the search time).
 */
export const SHAPE_SOLVER_OPTIONS: Readonly<Record<string, string | number | boolean>> = {
  objective_bound: 1,
  mip_allow_cut_separation_at_nodes: false,
  mip_heuristic_effort: 0.01,
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false,
  mip_heuristic_run_feasibility_jump: false,
  mip_allow_restart: false,
};

export type ShapeVerdict =
  | { status: 'fits'; network: Network; nodes: number }
  | { status: 'refuted'; nodes: number }
  | { status: 'time-limit' | 'interrupted' | 'error'; nodes: number; message: string };

export interface ShapeSearchContext {
  /** Samples kept from earlier shapes (grown in place). */
  core: number[];
  deadline: number;
  shouldStop?: () => boolean;
}

/** Does a network of this shape fit every sample? Solves on a growing subset of the samples. */
export function fitShape(highs: Highs, problem: SupportSearchProblem, shape: readonly NeuronKind[], context: ShapeSearchContext): ShapeVerdict {
  const N = problem.X.length;
  const subset = new Set(context.core);
  let nodes = 0;
  for (;;) {
    const samples = [...subset].sort((a, b) => a - b);
    const built = buildShapeModel(problem, shape, samples);
    const secondsLeft = (context.deadline - performance.now()) / 1000;
    if (secondsLeft <= 0) return { status: 'time-limit', nodes, message: 'time limit reached' };
    const solved = solveModel(highs, built.model, {
      timeLimit: secondsLeft,
      mipGap: 0,
      shouldStop: context.shouldStop,
      keepLog: false,
      options: SHAPE_SOLVER_OPTIONS,
    });
    nodes += solved.nodes;
    // Every solution has objective 0 < objective_bound: a bound proven above it means none exists.
    const boundReached = solved.solverStatus === 'objective bound reached' && !solved.x;
    if (solved.status === 'infeasible' || boundReached) return { status: 'refuted', nodes };
    if (solved.status !== 'optimal' || !solved.x) {
      const status = solved.status === 'time-limit' || solved.status === 'interrupted' ? solved.status : 'error';
      return { status, nodes, message: solved.message };
    }
    const network = shapeNetwork(problem, shape, built, solved.x);
    // The worst-fitted samples of each target value outside the subset join it, and stay for later shapes.
    const byTarget = new Map<number, { n: number; by: number }[]>();
    for (let n = 0; n < N; n++) {
      if (subset.has(n)) continue;
      const by = violation(problem, network, n);
      if (by <= SUBSET_TOLERANCE) continue;
      const list = byTarget.get(problem.y[n]!) ?? [];
      list.push({ n, by });
      byTarget.set(problem.y[n]!, list);
    }
    if (byTarget.size === 0) return { status: 'fits', network, nodes };
    for (const list of byTarget.values()) {
      for (const { n } of list.sort((a, b) => b.by - a.by).slice(0, SAMPLES_ADDED_PER_TARGET)) {
        subset.add(n);
        if (!context.core.includes(n)) context.core.push(n);
      }
    }
  }
}

/** The first samples to try a shape on: one of each target value, then the rest as they are needed. */
export function initialCore(problem: SupportSearchProblem): number[] {
  const seen = new Map<number, number>();
  problem.y.forEach((yn, n) => {
    if (!seen.has(yn)) seen.set(yn, n);
  });
  return [...seen.values()];
}

/** Does this shape connect to at least one feature of every required set? */
export function coversRequiredSets(shape: readonly NeuronKind[], required: readonly number[][]): boolean {
  const used = new Set(shape.flatMap((k) => k.features));
  return required.every((D) => D.some((j) => used.has(j)));
}

export interface LevelProgress {
  /** Every shape with fewer connections than this has been refuted. */
  level: number;
  shapesTried: number;
  nodes: number;
}

export interface LevelSearchOptions {
  deadline: number;
  shouldStop?: () => boolean;
  onShape?: (progress: LevelProgress) => void;
  onLog?: (line: string) => void;
}

export type LevelSearchOutcome = LevelProgress &
  (
    | { status: 'found'; network: Network; shape: NeuronKind[] }
    /** Every shape, up to width × features connections, is refuted. */
    | { status: 'exhausted' }
    | { status: 'time-limit' | 'interrupted' | 'error'; message: string }
  );

/** Levels from 0 up: the first shape that fits is a sparsest network. */
export function searchLevels(highs: Highs, problem: SupportSearchProblem, options: LevelSearchOptions): LevelSearchOutcome {
  const d = problem.X[0]!.length;
  const kinds = neuronKinds(d);
  const required = requiredFeatureSets(problem);
  const context: ShapeSearchContext = { core: initialCore(problem), deadline: options.deadline, shouldStop: options.shouldStop };
  let shapesTried = 0;
  let nodes = 0;
  const last = problem.width * d;
  for (let level = 0; level <= last; level++) {
    const started = performance.now();
    let tried = 0;
    for (const indices of shapesAtLevel(kinds, level, problem.width)) {
      const shape = indices.map((k) => kinds[k]!);
      if (!coversRequiredSets(shape, required)) continue;
      if (options.shouldStop?.()) return { status: 'interrupted', message: 'stopped on request', level, shapesTried, nodes };
      const verdict = fitShape(highs, problem, shape, context);
      shapesTried++;
      tried++;
      nodes += verdict.nodes;
      options.onShape?.({ level, shapesTried, nodes });
      if (verdict.status === 'fits') {
        options.onLog?.(`${level} connections: shape ${describeShape(shape)} fits (after ${tried} shape${tried === 1 ? '' : 's'} at this level)`);
        return { status: 'found', network: verdict.network, shape, level, shapesTried, nodes };
      }
      if (verdict.status !== 'refuted') return { status: verdict.status, message: verdict.message, level, shapesTried, nodes };
    }
    options.onLog?.(
      `${level} connections: ${tried} shape${tried === 1 ? '' : 's'} refuted in ${((performance.now() - started) / 1000).toFixed(2)} s (${context.core.length} samples in the working set)`,
    );
  }
  return { status: 'exhausted', level: last + 1, shapesTried, nodes };
}

/** "+{x1,x2} −{x1}" */
export function describeShape(shape: readonly NeuronKind[]): string {
  if (shape.length === 0) return 'constant';
  return shape.map((k) => `${k.sign > 0 ? '+' : '−'}{${k.features.map((j) => `x${j + 1}`).join(',')}}`).join(' ');
}
