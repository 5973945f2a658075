/**
 * Sparse exact training of a one-hidden-layer ReLU network as an MILP
 * (DESIGN.md §5): the network ŷ(x) = Σᵢ vᵢ·max(0, wᵢ·x + bᵢ) of a given width
 * with the fewest connections (non-zero wᵢⱼ) that fits the data, with a proof
 * of optimality from HiGHS.
 *
 * Output weights. The original model keeps vᵢ continuous with |vᵢ| ≤ B_v,
 * which makes the output bilinear. ReLU is positively homogeneous:
 * vᵢ·max(0, wᵢ·x + bᵢ) = sign(vᵢ)·max(0, |vᵢ|wᵢ·x + |vᵢ|bᵢ). So every network
 * with |w| ≤ B_w, |b| ≤ B_b, |v| ≤ B_v equals one with v ∈ {−1, 0, +1} and
 * hidden weights scaled by |vᵢ| ≤ B_v, i.e. |w'| ≤ B_w' = B_w·B_v and
 * |b'| ≤ B_b' = B_b·B_v, with the same zero pattern (so the same number of
 * connections); conversely w'/B_v, b'/B_v, v'·B_v maps back. The two problems
 * have the same optimum, and the MILP below uses B_w', B_b' (`outputBound` is B_v).
 *
 * The MILP (per hidden neuron i, input j, sample n; zᵢⁿ = 1 means "inactive"):
 *   Σⱼ wᵢⱼxⱼⁿ + bᵢ = pᵢⁿ − qᵢⁿ,  0 ≤ pᵢⁿ ≤ Mⁿ(1 − zᵢⁿ),  0 ≤ qᵢⁿ ≤ Mⁿzᵢⁿ
 *   uᵢⁿ = pᵢⁿ·vᵢ⁺, rᵢⁿ = pᵢⁿ·vᵢ⁻ (exact McCormick rows: p is bounded, v binary)
 *   ŷⁿ = Σᵢ (uᵢⁿ − rᵢⁿ);  vᵢ⁺ + vᵢ⁻ ≤ 1;  −B_w'tᵢⱼ ≤ wᵢⱼ ≤ B_w'tᵢⱼ
 *   exact: ŷⁿ = yⁿ · margin: yⁿ = 1 ⇒ ŷⁿ ≥ 1, yⁿ = 0 ⇒ ŷⁿ ≤ 0
 *   objective: min Σ tᵢⱼ (l1: min Σₙ|ŷⁿ − yⁿ| + λ·Σ tᵢⱼ)
 * with the per-sample bound Mⁿ = B_w'·Σⱼ|xⱼⁿ| + B_b' on |pre-activation|.
 *
 * The default variant adds, on top of the per-sample M: valid inequalities
 * from dominance arguments (see addValidInequalities) and symmetry breaking
 * between hidden neurons (see the ordering rows). The "plain" variant (the
 * benchmark baseline) is the same code with one global
 * M = d·B_w'·max(1, max|x|) + B_b' (d·B_w' + B_b' on the unit box), no
 * symmetry breaking and no extra valid inequalities. Both run with the same
 * HiGHS settings (SPARSE_TRAIN_SOLVER_OPTIONS).
 *
 * The entry point, `trainSparse`, is in train.ts (it also chooses the
 * support search of support-search.ts).
 */
import type { Network } from '../../../shared/domain/network';
import {
  milpTrainParamsSchema,
  type MilpTrainMode,
  type MilpTrainParams,
  type MilpTrainParamsInput,
} from '../../../shared/domain/params/milp';
import { forward, predictClass, traceForward } from '../nn/forward';
import { solveModel, type Highs, type SolveProgress, type SolveResult } from '../highs/highs';
import { expr, MilpModel, type LinExpr, type ModelStats, type Var } from '../model/model';

// The parameter schema lives in shared/ (the services validate run specs with
// it); the engine reads the same one.
export {
  explainOutputWeights,
  milpTrainModes,
  milpTrainParamsSchema,
  type MilpTrainMode,
  type MilpTrainParams,
  type MilpTrainParamsInput,
} from '../../../shared/domain/params/milp';

export interface SparseTrainData {
  X: readonly (readonly number[])[];
  y: readonly number[];
}

export interface BuildOptions {
  /** The benchmark baseline: one global big-M, no symmetry breaking, no extra inequalities. */
  plain?: boolean;
  /** Switch off single families of valid inequalities (for measurements). */
  without?: readonly ('useful' | 'star' | 'pairs' | 'cover' | 'tie')[];
}

export interface SparseTrainVars {
  /** [neuron][input] */
  w: Var[][];
  b: Var[];
  t: Var[][];
  vPlus: Var[];
  vMinus: Var[];
  /** [neuron][sample], 1 = inactive */
  z: Var[][];
  p: Var[][];
  q: Var[][];
  u: Var[][];
  r: Var[][];
  /** l1 mode: positive and negative parts of ŷⁿ − yⁿ. */
  errPlus: Var[];
  errMinus: Var[];
}

export interface SparseTrainModel {
  model: MilpModel;
  vars: SparseTrainVars;
  params: MilpTrainParams;
  formulation: 'tight' | 'plain';
  /** Bounds the MILP uses on hidden weights and biases (B_w·B_v, B_b·B_v). */
  effectiveWeightBound: number;
  effectiveBiasBound: number;
  /** Big-M per sample. */
  bigM: number[];
  samples: number;
  inputs: number;
}

/** Checks shapes and values; throws an Error with a readable message. */
export function validateSparseTrainData(data: SparseTrainData, mode: MilpTrainMode): { N: number; d: number } {
  const N = data.X.length;
  if (N === 0) throw new Error('the data set has no samples');
  if (data.y.length !== N) throw new Error(`X has ${N} rows but y has ${data.y.length} entries`);
  const d = data.X[0]!.length;
  if (d === 0) throw new Error('the samples have no features');
  data.X.forEach((row, n) => {
    if (row.length !== d) throw new Error(`sample ${n} has ${row.length} features, expected ${d}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`feature ${j} of sample ${n} is not a finite number`);
    });
  });
  data.y.forEach((v, n) => {
    if (!Number.isFinite(v)) throw new Error(`target of sample ${n} is not a finite number`);
    if (mode === 'margin' && v !== 0 && v !== 1) {
      throw new Error(`margin mode needs class labels 0 and 1; sample ${n} has target ${v}`);
    }
  });
  return { N, d };
}

export function buildSparseTrainModel(
  data: SparseTrainData,
  paramsInput: MilpTrainParamsInput,
  options: BuildOptions = {},
): SparseTrainModel {
  const params = milpTrainParamsSchema.parse(paramsInput);
  const { N, d } = validateSparseTrainData(data, params.mode);
  const plain = options.plain === true;
  const L = params.width;
  const Bw = params.weightBound * params.outputBound;
  const Bb = params.biasBound * params.outputBound;
  const symmetry = !plain && params.symmetryBreaking;
  const tighten = !plain && params.tightening;
  const without = new Set(options.without ?? []);

  let maxAbs = 1;
  for (const row of data.X) for (const v of row) maxAbs = Math.max(maxAbs, Math.abs(v));
  const globalM = d * Bw * maxAbs + Bb;
  const bigM = data.X.map((row) => (plain ? globalM : Bw * row.reduce((s, v) => s + Math.abs(v), 0) + Bb));

  const m = new MilpModel(plain ? 'sparse_train_plain' : 'sparse_train');
  const range = (k: number) => Array.from({ length: k }, (_, i) => i);
  const w = range(L).map((i) => range(d).map((j) => m.addVar({ name: `w_${i + 1}_${j + 1}`, lb: -Bw, ub: Bw })));
  const b = range(L).map((i) => m.addVar({ name: `b_${i + 1}`, lb: -Bb, ub: Bb }));
  const t = range(L).map((i) => range(d).map((j) => m.addVar({ name: `t_${i + 1}_${j + 1}`, type: 'binary' })));
  const vPlus = range(L).map((i) => m.addVar({ name: `vp_${i + 1}`, type: 'binary' }));
  const vMinus = range(L).map((i) => m.addVar({ name: `vm_${i + 1}`, type: 'binary' }));
  const zv = range(L).map((i) => range(N).map((n) => m.addVar({ name: `z_${i + 1}_${n + 1}`, type: 'binary' })));
  const p = range(L).map((i) => range(N).map((n) => m.addVar({ name: `p_${i + 1}_${n + 1}`, ub: bigM[n]! })));
  const q = range(L).map((i) => range(N).map((n) => m.addVar({ name: `q_${i + 1}_${n + 1}`, ub: bigM[n]! })));
  const u = range(L).map((i) => range(N).map((n) => m.addVar({ name: `u_${i + 1}_${n + 1}`, ub: bigM[n]! })));
  const r = range(L).map((i) => range(N).map((n) => m.addVar({ name: `r_${i + 1}_${n + 1}`, ub: bigM[n]! })));
  const errPlus = params.mode === 'l1' ? range(N).map((n) => m.addVar({ name: `ep_${n + 1}` })) : [];
  const errMinus = params.mode === 'l1' ? range(N).map((n) => m.addVar({ name: `em_${n + 1}` })) : [];

  for (let i = 0; i < L; i++) {
    const I = i + 1;
    m.addConstraint(`sign_${I}`, expr(vPlus[i]!, vMinus[i]!), '<=', 1);
    for (let j = 0; j < d; j++) {
      // −B_w'·t ≤ w ≤ B_w'·t: a weight is non-zero only if its connection is paid for.
      m.addConstraint(`wub_${I}_${j + 1}`, expr(w[i]![j]!, [-Bw, t[i]![j]!]), '<=', 0);
      m.addConstraint(`wlb_${I}_${j + 1}`, expr(w[i]![j]!, [Bw, t[i]![j]!]), '>=', 0);
    }
    for (let n = 0; n < N; n++) {
      const Nn = `${I}_${n + 1}`;
      const M = bigM[n]!;
      const pre = expr(b[i]!, [-1, p[i]![n]!], q[i]![n]!);
      data.X[n]!.forEach((xv, j) => pre.add(xv, w[i]![j]!));
      m.addConstraint(`pre_${Nn}`, pre, '=', 0);
      m.addConstraint(`act_${Nn}`, expr(p[i]![n]!, [M, zv[i]![n]!]), '<=', M); // p ≤ M(1 − z)
      m.addConstraint(`inact_${Nn}`, expr(q[i]![n]!, [-M, zv[i]![n]!]), '<=', 0); // q ≤ M z
      // u = p·v⁺ and r = p·v⁻, exactly: u ≤ M v⁺, u ≤ p, u ≥ p − M(1 − v⁺) (with u ≥ 0 from its bound).
      m.addConstraint(`u1_${Nn}`, expr(u[i]![n]!, [-M, vPlus[i]!]), '<=', 0);
      m.addConstraint(`u2_${Nn}`, expr(u[i]![n]!, [-1, p[i]![n]!]), '<=', 0);
      m.addConstraint(`u3_${Nn}`, expr(u[i]![n]!, [-1, p[i]![n]!], [-M, vPlus[i]!]), '>=', -M);
      m.addConstraint(`r1_${Nn}`, expr(r[i]![n]!, [-M, vMinus[i]!]), '<=', 0);
      m.addConstraint(`r2_${Nn}`, expr(r[i]![n]!, [-1, p[i]![n]!]), '<=', 0);
      m.addConstraint(`r3_${Nn}`, expr(r[i]![n]!, [-1, p[i]![n]!], [-M, vMinus[i]!]), '>=', -M);
    }
  }

  if (tighten) addValidInequalities();

  if (symmetry) {
    // Permuting hidden neurons (with their weights, bias and output sign) gives
    // the same function with the same number of connections, so we may keep
    // only solutions whose neurons are sorted by an integer key
    //   Kᵢ = (d + 1)·(2vᵢ⁺ + vᵢ⁻) + Σⱼ tᵢⱼ  ∈ [0, 3d + 2],
    // i.e. positive-output neurons first, then negative ones, then silent ones,
    // each group by decreasing number of connections (Σⱼtᵢⱼ ≤ d < d + 1, so the
    // sign class dominates). Any solution can be sorted that way, so
    // K₁ ≥ K₂ ≥ … ≥ K_L cuts off no optimum. Ties are broken by the bias:
    //   bᵢ ≥ bᵢ₊₁ − 2B_b'·(Kᵢ − Kᵢ₊₁),
    // which only binds when Kᵢ = Kᵢ₊₁ (Kᵢ − Kᵢ₊₁ is a non-negative integer and
    // 2B_b' ≥ bᵢ₊₁ − bᵢ always); sorting tied neurons by bias is again a
    // permutation. Both orderings hold at once for the sorted copy of any
    // solution, and permuting neurons keeps the valid inequalities satisfied
    // (they are stated per neuron or symmetrically over neurons).
    const key = (i: number): LinExpr => {
      const e = expr([2 * (d + 1), vPlus[i]!], [d + 1, vMinus[i]!]);
      for (let j = 0; j < d; j++) e.add(1, t[i]![j]!);
      return e;
    };
    for (let i = 0; i + 1 < L; i++) {
      const diff = key(i).addTerm(key(i + 1), -1);
      m.addConstraint(`order_${i + 1}`, diff, '>=', 0);
      if (Bb > 0 && !without.has('tie')) m.addConstraint(`tie_${i + 1}`, expr(b[i]!, [-1, b[i + 1]!]).addTerm(diff, 2 * Bb), '>=', 0);
    }
  }

  for (let n = 0; n < N; n++) {
    const out = expr();
    for (let i = 0; i < L; i++) out.add(1, u[i]![n]!).add(-1, r[i]![n]!);
    const yn = data.y[n]!;
    if (params.mode === 'exact') m.addConstraint(`fit_${n + 1}`, out, '=', yn);
    else if (params.mode === 'margin') {
      if (yn === 1) m.addConstraint(`fit_${n + 1}`, out, '>=', 1);
      else m.addConstraint(`fit_${n + 1}`, out, '<=', 0);
    } else {
      m.addConstraint(`fit_${n + 1}`, out.add(-1, errPlus[n]!).add(1, errMinus[n]!), '=', yn);
    }
  }

  const connections = expr();
  for (let i = 0; i < L; i++) for (let j = 0; j < d; j++) connections.add(1, t[i]![j]!);
  if (params.mode === 'l1') {
    const objective = connections.scale(params.lambda);
    for (let n = 0; n < N; n++) objective.add(1, errPlus[n]!).add(1, errMinus[n]!);
    m.minimize(objective);
  } else m.minimize(connections);

  return {
    model: m,
    vars: { w, b, t, vPlus, vMinus, z: zv, p, q, u, r, errPlus, errMinus },
    params,
    formulation: plain ? 'plain' : 'tight',
    effectiveWeightBound: Bw,
    effectiveBiasBound: Bb,
    bigM,
    samples: N,
    inputs: d,
  };

  /**
   * Valid inequalities. Each one removes solutions, but for every solution it
   * removes there is one it keeps with the same outputs on the data and no
   * more connections, so the optimum is unchanged (a dominance argument):
   *
   * 1. A silent neuron (vᵢ = 0) adds nothing to the output: set its weights
   *    and bias to 0 (fewer or as many connections) and call it inactive:
   *      tᵢⱼ ≤ vᵢ⁺ + vᵢ⁻,   pᵢⁿ = uᵢⁿ + rᵢⁿ,   zᵢⁿ ≥ 1 − vᵢ⁺ − vᵢ⁻.
   *    (For a neuron with vᵢ = ±1, p = u + r holds anyway.)
   * 2. Read zᵢⁿ as "pre-activation ≤ 0" (at exactly 0 both values fit p, q;
   *    choose 1). A neuron active on no sample adds nothing: make it silent.
   *      Σₙ (1 − zᵢⁿ) ≥ vᵢ⁺ + vᵢ⁻.
   * 3. If no connection of neuron i touches a feature in which samples n and
   *    n' differ, both have the same pre-activation, hence the same zᵢ:
   *      |zᵢⁿ − zᵢⁿ'| ≤ Σ_{j: xⱼⁿ ≠ xⱼⁿ'} tᵢⱼ.
   *    Stated for every sample against sample 1 (a neuron without
   *    connections is constant), and for the sample pairs that differ in few
   *    features (most informative for binary data such as XOR; capped).
   * 4. (exact and margin modes) Two samples with different targets need
   *    different outputs, so some connection must touch a feature in which
   *    they differ:  Σᵢ Σ_{j ∈ D} tᵢⱼ ≥ 1  for D = {j: xⱼⁿ ≠ xⱼⁿ'}; only the
   *    inclusion-minimal sets D are kept (capped). Not valid in l1 mode, where
   *    a sample may be left unfitted.
   */
  function addValidInequalities(): void {
    for (let i = 0; i < L; i++) {
      const I = i + 1;
      for (let j = 0; j < d; j++) {
        m.addConstraint(`silent_t_${I}_${j + 1}`, expr(t[i]![j]!, [-1, vPlus[i]!], [-1, vMinus[i]!]), '<=', 0);
      }
      const useful = expr([-1, vPlus[i]!], [-1, vMinus[i]!], N);
      for (let n = 0; n < N; n++) {
        const Nn = `${I}_${n + 1}`;
        m.addConstraint(`silent_p_${Nn}`, expr(p[i]![n]!, [-1, u[i]![n]!], [-1, r[i]![n]!]), '=', 0);
        m.addConstraint(`silent_z_${Nn}`, expr(zv[i]![n]!, vPlus[i]!, vMinus[i]!), '>=', 1);
        useful.add(-1, zv[i]![n]!);
      }
      if (!without.has('useful')) m.addConstraint(`useful_${I}`, useful, '>=', 0);
    }


    const differing = (n: number, n2: number) => range(d).filter((j) => data.X[n]![j] !== data.X[n2]![j]);
    const samePattern = (name: string, n: number, n2: number, features: number[]) => {
      for (let i = 0; i < L; i++) {
        const e1 = expr(zv[i]![n]!, [-1, zv[i]![n2]!]);
        const e2 = expr(zv[i]![n2]!, [-1, zv[i]![n]!]);
        for (const j of features) {
          e1.add(-1, t[i]![j]!);
          e2.add(-1, t[i]![j]!);
        }
        m.addConstraint(`${name}a_${i + 1}`, e1, '<=', 0);
        m.addConstraint(`${name}b_${i + 1}`, e2, '<=', 0);
      }
    };
    if (!without.has('star')) for (let n = 1; n < N; n++) samePattern(`zeq_1_${n + 1}`, 0, n, differing(0, n));

    // Pairwise scans cost O(N²d): only for small data sets.
    if ((N * (N - 1) * d) / 2 > 4e6) return;
    const pairBudget = 2 * N;
    const pairBudgetZ = without.has('pairs') ? 0 : pairBudget;
    const coverBudget = without.has('cover') ? 0 : pairBudget;
    const partial: { n: number; n2: number; D: number[] }[] = [];
    const supports = new Map<string, number[]>();
    for (let n = 0; n < N; n++) {
      for (let n2 = n + 1; n2 < N; n2++) {
        const D = differing(n, n2);
        if (D.length === 0) continue;
        if (n > 0 && D.length < d) partial.push({ n, n2, D });
        if (params.mode !== 'l1' && data.y[n] !== data.y[n2]) supports.set(D.join(','), D);
      }
    }
    partial.sort((a, c) => a.D.length - c.D.length);
    for (const { n, n2, D } of partial.slice(0, pairBudgetZ)) samePattern(`zeq_${n + 1}_${n2 + 1}`, n, n2, D);

    const sets = [...supports.values()].sort((a, c) => a.length - c.length);
    const minimal: number[][] = [];
    for (const D of sets) {
      if (minimal.length >= coverBudget) break;
      if (minimal.some((S) => S.every((j) => D.includes(j)))) continue;
      minimal.push(D);
      if (minimal.length >= pairBudget) break;
    }
    minimal.forEach((D, k) => {
      const e = expr();
      for (let i = 0; i < L; i++) for (const j of D) e.add(1, t[i]![j]!);
      m.addConstraint(`cover_${k + 1}`, e, '>=', 1);
    });
  }
}

export type SparseTrainStatus =
  | 'optimal'
  | 'time-limit'
  | 'infeasible'
  | 'interrupted'
  | 'verification-failed'
  | 'error';

export interface SparseTrainMetrics {
  /** Solver objective (connections; l1: Σ|ŷ − y| + λ·connections). */
  objective?: number;
  /** Proven lower bound on the objective. */
  bound?: number;
  gap?: number;
  /** Non-zero hidden weights (|w| > 1e-9) of the returned network. */
  connections?: number;
  /** Neurons with a non-zero output weight. */
  activeNeurons?: number;
  /** max |ŷ(xⁿ) − yⁿ| by a forward pass of the returned network. */
  maxResidual?: number;
  /** margin mode: largest violation of ŷ ≥ 1 (class 1) or ŷ ≤ 0 (class 0). */
  maxMarginViolation?: number;
  /** Σ |ŷ(xⁿ) − yⁿ| by the forward pass. */
  l1Error?: number;
  /** Largest violation of the model's own rows at the solver's point. */
  maxConstraintViolation?: number;
  /** Fraction classified correctly (threshold 0.5) when the targets are 0/1 labels. */
  accuracy?: number;
  solveMs: number;
  nodes: number;
  /** Support search: network shapes tried (each refuted but the last, on an optimal run). */
  shapesTried?: number;
  variables: number;
  constraints: number;
  binaries: number;
}

export interface SparseTrainResult {
  status: SparseTrainStatus;
  /** Readable account of the outcome (why infeasible, why not verified, …). */
  message: string;
  /** True only for status 'optimal': the solver proved the optimum and the network passed verification. */
  provenOptimal: boolean;
  metrics: SparseTrainMetrics;
  /** The network (hidden relu layer, identity output layer with weights in {−1, 0, 1}); null without a solution. */
  model: Network | null;
  /** activationPattern[i][n]: hidden neuron i is active (pre-activation > 0) on sample n. */
  activationPattern: boolean[][] | null;
  /** Output of the returned network on every sample. */
  outputs: number[] | null;
  /** Output weights v (−1, 0 or 1). */
  outputWeights: number[] | null;
  formulation: 'tight' | 'plain';
  effectiveWeightBound: number;
  effectiveBiasBound: number;
  modelStats: ModelStats;
  solver: { status: string; message: string };
  log: string;
  /** How the optimum was searched for: one MILP, or level by level over supports (shapes refuted or tried). */
  search: { strategy: 'single-milp' | 'by-support'; shapesTried?: number };
}

export interface SparseTrainHooks {
  onProgress?: (progress: SolveProgress) => void;
  shouldStop?: () => boolean;
  onLog?: (line: string) => void;
  /** Build the plain baseline instead (benchmarks). */
  plain?: boolean;
  /** Extra HiGHS options (benchmarks, experiments). */
  solverOptions?: Record<string, string | number | boolean>;
}

/** Tolerance of the forward-pass check. */
export const VERIFY_TOLERANCE = 1e-6;
/** Weights at or below this magnitude do not count as connections. */
export const CONNECTION_EPS = 1e-9;

/** Reads the network out of a solution vector. */
export function extractNetwork(built: SparseTrainModel, x: ArrayLike<number>): { network: Network; v: number[] } {
  const { vars } = built;
  const L = vars.w.length;
  const v: number[] = [];
  const W: number[][] = [];
  const bias: number[] = [];
  for (let i = 0; i < L; i++) {
    const vi = Math.round(x[vars.vPlus[i]!.index]!) - Math.round(x[vars.vMinus[i]!.index]!);
    v.push(vi);
    if (vi === 0) {
      // A silent neuron changes nothing; its weights would only count as unused connections.
      W.push(vars.w[i]!.map(() => 0));
      bias.push(0);
      continue;
    }
    // A weight whose indicator is 0 is 0 (the solver's value is within tolerance of it).
    W.push(vars.w[i]!.map((wv, j) => (Math.round(x[vars.t[i]![j]!.index]!) === 0 ? 0 : cleanZero(x[wv.index]!))));
    bias.push(cleanZero(x[vars.b[i]!.index]!));
  }
  const network: Network = {
    layers: [
      { W, b: bias, activation: 'relu' },
      { W: [v.slice()], b: [0], activation: 'identity' },
    ],
    output: 'identity',
  };
  return { network, v };
}

function cleanZero(value: number): number {
  return Math.abs(value) <= 1e-12 ? 0 : value;
}

export interface Verification {
  outputs: number[];
  maxResidual: number;
  l1Error: number;
  maxMarginViolation: number;
  accuracy: number | undefined;
  connections: number;
  activeNeurons: number;
  activationPattern: boolean[][];
}

/** Forward pass of the network on every sample: residuals, accuracy, connections, activation pattern. */
export function verifyNetwork(network: Network, data: SparseTrainData): Verification {
  const hidden = network.layers[0]!;
  const output = network.layers[1]!;
  const labels = data.y.every((v) => v === 0 || v === 1);
  let maxResidual = 0;
  let l1Error = 0;
  let maxMarginViolation = 0;
  let correct = 0;
  const outputs: number[] = [];
  const activationPattern: boolean[][] = hidden.W.map(() => []);
  data.X.forEach((xn, n) => {
    const yhat = forward(network, xn)[0]!;
    outputs.push(yhat);
    const yn = data.y[n]!;
    const residual = Math.abs(yhat - yn);
    maxResidual = Math.max(maxResidual, residual);
    l1Error += residual;
    if (labels) {
      maxMarginViolation = Math.max(maxMarginViolation, yn === 1 ? 1 - yhat : yhat);
      if (predictClass([yhat]) === yn) correct++;
    }
    const pre = traceForward(network, xn).layers[0]!.pre;
    pre.forEach((zv, i) => activationPattern[i]!.push(zv > 0));
  });
  let connections = 0;
  for (const row of hidden.W) for (const wv of row) if (Math.abs(wv) > CONNECTION_EPS) connections++;
  // A neuron counts when it reaches the output and fires on some sample: one with v ≠ 0 but no
  // inputs and b ≤ 0 is silent everywhere and contributes nothing.
  const activeNeurons = output.W[0]!.filter((vv, i) => vv !== 0 && activationPattern[i]!.some(Boolean)).length;
  return {
    outputs,
    maxResidual,
    l1Error,
    maxMarginViolation: Math.max(0, maxMarginViolation),
    accuracy: labels ? correct / data.X.length : undefined,
    connections,
    activeNeurons,
    activationPattern,
  };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

function modeWords(mode: MilpTrainMode): string {
  if (mode === 'exact') return 'exactly (ŷ = y on every sample)';
  if (mode === 'margin') return 'with margin (ŷ ≥ 1 on class 1, ŷ ≤ 0 on class 0)';
  return 'in l1';
}

/** Two samples with the same input and incompatible targets: nothing can fit them. */
function conflictingSamples(data: SparseTrainData, mode: MilpTrainMode): [number, number] | null {
  if (mode === 'l1') return null;
  const seen = new Map<string, number>();
  for (let n = 0; n < data.X.length; n++) {
    const key = data.X[n]!.join(',');
    const other = seen.get(key);
    if (other !== undefined && data.y[other] !== data.y[n]) return [other, n];
    if (other === undefined) seen.set(key, n);
  }
  return null;
}

/**
 * Why no network fits: conflicting samples, too small a width, or too tight
 * bounds. Tells width from bounds by a short second solve with bounds 100 times
 * looser (skipped when no time is left).
 */
export function explainInfeasible(
  highs: Highs,
  data: SparseTrainData,
  params: MilpTrainParams,
  secondsLeft: number,
  shouldStop: (() => boolean) | undefined,
): string {
  const N = data.X.length;
  const base =
    `No network of width ${params.width} fits the ${N} training points ${modeWords(params.mode)} ` +
    `with |w| ≤ ${fmt(params.weightBound)}, |b| ≤ ${fmt(params.biasBound)}` +
    (params.outputBound !== 1 ? `, |v| ≤ ${fmt(params.outputBound)}` : ' and output weights in {−1, 0, +1}') +
    '.';
  const conflict = conflictingSamples(data, params.mode);
  if (conflict) {
    return `${base} Samples ${conflict[0] + 1} and ${conflict[1] + 1} have the same input but different targets, so no function fits them.`;
  }
  const budget = Math.min(5, secondsLeft);
  if (budget < 0.2) return `${base} Either the width is too small for these data or the bounds are too tight.`;
  // 100 times looser, within the schema's limits (1e4).
  const factor = Math.min(100, 1e4 / params.weightBound);
  if (factor < 2) return `${base} Either the width is too small for these data or the bounds are too tight.`;
  const loose = buildSparseTrainModel(data, {
    ...params,
    weightBound: params.weightBound * factor,
    biasBound: Math.min(1e4, Math.max(params.biasBound, 1) * factor),
  });
  const res = solveModel(highs, loose.model, {
    timeLimit: budget,
    mipGap: 1,
    shouldStop,
    keepLog: false,
    options: { mip_max_improving_sols: 1 },
  });
  if (res.status === 'infeasible') {
    return (
      `${base} Width ${params.width} is too small for these data: it stays infeasible even with bounds ` +
      `${fmt(factor)} times looser. Try a larger width.`
    );
  }
  if (res.x) {
    const { network } = extractNetwork(loose, res.x);
    let wMax = 0;
    let bMax = 0;
    for (const row of network.layers[0]!.W) for (const wv of row) wMax = Math.max(wMax, Math.abs(wv));
    for (const bv of network.layers[0]!.b) bMax = Math.max(bMax, Math.abs(bv));
    const scale = params.outputBound;
    return (
      `${base} The bounds are too tight: a width-${params.width} network fits with |w| ≤ ${fmt(wMax / scale)} ` +
      `and |b| ≤ ${fmt(bMax / scale)}. Raise weightBound or biasBound.`
    );
  }
  return `${base} Either the width is too small for these data or the bounds are too tight.`;
}

/**
 * HiGHS settings for this method (both formulations). The LP bound of these
 * models stays weak and the proof comes from branching and propagation, so cut
 * separation at tree nodes and primal heuristics cost more than they return:
 * turning them down cut solve times by a third to a half in our measurements
 * (averaged over HiGHS random seeds).
 */
export const SPARSE_TRAIN_SOLVER_OPTIONS: Readonly<Record<string, string | number | boolean>> = {
  mip_allow_cut_separation_at_nodes: false,
  mip_heuristic_effort: 0.01,
};

export function emptyStats(): ModelStats {
  return { variables: 0, constraints: 0, binaries: 0, integers: 0, continuous: 0, nonzeros: 0 };
}

/**
 * l1 mode: the all-zero network (every neuron silent and inactive, ŷ = 0) is
 * feasible, so the solver starts with an incumbent and a time limit or a cancel
 * always returns a network.
 */
export function zeroNetworkStart(built: SparseTrainModel, data: SparseTrainData): Float64Array {
  const x = new Float64Array(built.model.numVars);
  for (const row of built.vars.z) for (const zv of row) x[zv.index] = 1;
  data.y.forEach((yn, n) => {
    // ŷ − y = e⁺ − e⁻ with ŷ = 0.
    if (built.vars.errPlus[n]) x[built.vars.errPlus[n]!.index] = Math.max(0, -yn);
    if (built.vars.errMinus[n]) x[built.vars.errMinus[n]!.index] = Math.max(0, yn);
  });
  return x;
}

/**
 * Turns a solver result into the method's result: reads the network, checks it
 * by a forward pass on every sample, and words the outcome. Exact mode with
 * max |ŷ − y| > 1e-6 (margin mode: a margin violation > 1e-6) is
 * 'verification-failed', never 'optimal'.
 */
export function assessSolution(built: SparseTrainModel, data: SparseTrainData, solved: SolveResult): SparseTrainResult {
  const params = built.params;
  const stats = built.model.stats();
  const metrics: SparseTrainMetrics = {
    solveMs: solved.elapsedMs,
    nodes: solved.nodes,
    variables: stats.variables,
    constraints: stats.constraints,
    binaries: stats.binaries,
  };
  // Connections are integral: show 4, not 3.9999999999999662.
  const tidy = (v: number) =>
    params.mode !== 'l1' && Math.abs(v - Math.round(v)) < 1e-6 ? Math.round(v) : v;
  if (solved.objective !== null) {
    metrics.objective = tidy(solved.objective);
    // Every objective of this method (connections, Σ|ŷ − y| + λ·connections)
    // is ≥ 0, so 0 is a valid bound even when the solver stopped before it had
    // one (e.g. a time limit during presolve).
    const bound = Math.max(0, solved.bound === null ? 0 : tidy(solved.bound));
    metrics.bound = Math.min(bound, metrics.objective);
    metrics.gap =
      solved.gap ?? (metrics.objective === 0 ? 0 : (metrics.objective - metrics.bound) / Math.abs(metrics.objective));
  } else if (solved.bound !== null) metrics.bound = tidy(solved.bound);

  const result: SparseTrainResult = {
    status: 'error',
    message: solved.message,
    provenOptimal: false,
    metrics,
    model: null,
    activationPattern: null,
    outputs: null,
    outputWeights: null,
    formulation: built.formulation,
    effectiveWeightBound: built.effectiveWeightBound,
    effectiveBiasBound: built.effectiveBiasBound,
    modelStats: stats,
    solver: { status: solved.solverStatus, message: solved.message },
    log: solved.log,
    search: { strategy: 'single-milp' },
  };

  if (solved.status === 'infeasible') {
    result.status = 'infeasible';
    result.message =
      `No network of width ${params.width} fits the ${data.X.length} training points ${modeWords(params.mode)} ` +
      `with |w| ≤ ${fmt(params.weightBound)} and |b| ≤ ${fmt(params.biasBound)}: the width is too small or the bounds too tight.`;
    return result;
  }
  if (solved.status === 'unbounded' || solved.status === 'error') {
    // The model is bounded by construction; either is a solver failure.
    result.status = 'error';
    result.message = `The solver failed: ${solved.message}.`;
    return result;
  }

  result.status = solved.status; // optimal | time-limit | interrupted
  if (!solved.x) {
    result.message =
      solved.status === 'time-limit'
        ? `Time limit of ${fmt(params.timeLimit)} s reached before any network was found.`
        : 'Stopped before any network was found.';
    return result;
  }

  const { network, v } = extractNetwork(built, solved.x);
  const check = verifyNetwork(network, data);
  result.model = network;
  result.outputWeights = v;
  result.outputs = check.outputs;
  result.activationPattern = check.activationPattern;
  metrics.connections = check.connections;
  metrics.activeNeurons = check.activeNeurons;
  metrics.maxResidual = check.maxResidual;
  metrics.l1Error = check.l1Error;
  if (params.mode === 'margin') metrics.maxMarginViolation = check.maxMarginViolation;
  if (check.accuracy !== undefined) metrics.accuracy = check.accuracy;

  // The solver's point is checked against the model's own rows too: a big-M model can satisfy
  // HiGHS's tolerances while breaking a row by far more at large bounds. Row activities scale
  // with the bounds, so the tolerance does too. The forward pass speaks first: its message says
  // more to a reader than a row name.
  const rows = built.model.maxViolation(solved.x);
  metrics.maxConstraintViolation = rows.violation;
  const rowTolerance = VERIFY_TOLERANCE * Math.max(1, built.effectiveWeightBound, built.effectiveBiasBound);
  const failed =
    (params.mode === 'exact' && check.maxResidual > VERIFY_TOLERANCE) ||
    (params.mode === 'margin' && check.maxMarginViolation > VERIFY_TOLERANCE);
  if (!failed && rows.violation > rowTolerance) {
    result.status = 'verification-failed';
    result.message = `The solver's answer breaks the model's row ${rows.where ?? '?'} by ${rows.violation.toExponential(2)} (tolerance ${rowTolerance.toExponential(1)}): not accepted as a solution.`;
    return result;
  }
  if (failed) {
    result.status = 'verification-failed';
    result.message =
      params.mode === 'exact'
        ? `The returned network does not fit the data: a forward pass gives max |ŷ − y| = ${check.maxResidual.toExponential(2)} > ${VERIFY_TOLERANCE}.`
        : `The returned network violates the margin by ${check.maxMarginViolation.toExponential(2)} in a forward pass.`;
    return result;
  }

  const what =
    params.mode === 'l1'
      ? `Σ|ŷ − y| = ${fmt(check.l1Error)} with ${check.connections} connection${check.connections === 1 ? '' : 's'}`
      : `${check.connections} connection${check.connections === 1 ? '' : 's'}`;
  const gapText = metrics.gap !== undefined ? ` (gap ${fmt(metrics.gap * 100)} %)` : '';
  if (result.status === 'optimal') {
    result.provenOptimal = params.mipGap === 0 || (metrics.gap ?? 1) <= 1e-9;
    result.message = result.provenOptimal
      ? `Optimal: ${what}, proven by the solver and checked by a forward pass.`
      : `Within the requested gap of ${fmt(params.mipGap * 100)} %: ${what}${gapText}.`;
  } else if (result.status === 'time-limit') {
    result.message = `Time limit of ${fmt(params.timeLimit)} s reached: the best network found has ${what}, not proven optimal${gapText}.`;
  } else {
    result.message = `Stopped: the best network found so far has ${what}, not proven optimal${gapText}.`;
  }
  return result;
}
