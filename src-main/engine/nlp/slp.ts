/**
 * A local method for the smooth attack formulations: sequential linear
 * programming with an L∞ trust region and an ℓ1 exact-penalty merit function
 * (Sℓ1LP), HiGHS solving each subproblem.
 *
 *   minimise ‖x − x⁰‖ (L1 or L∞)  s.t.  gᵣ(x) = o_pᵣ(x) − o_qᵣ(x) − mᵣ ≥ 0,  x ∈ box
 *
 * where o are the logits of the network with its ReLUs replaced by a smooth
 * function (nlp/smooth.ts). At the iterate xₖ the subproblem is the LP
 *
 *   min ‖xₖ + s − x⁰‖ + μ Σ ξᵣ  s.t.  gᵣ(xₖ) + ∇gᵣ(xₖ)·s + ξᵣ ≥ 0,  ξ ≥ 0,
 *       |sⱼ| ≤ Δ,  xₖ + s ∈ box
 *
 * with the norm written linearly (L1: p − n = xₖ + s − x⁰, cost Σ(p + n);
 * L∞: −t ≤ xₖ + s − x⁰ ≤ t, cost t). The objective is exact in the LP; only the
 * constraints are linearised. The step is accepted when the merit
 * φ(x) = ‖x − x⁰‖ + μ Σ max(0, −gᵣ(x)) falls by at least a tenth of the LP's
 * predicted fall; Δ doubles after very good steps on the boundary and halves
 * after poor or rejected ones. The penalty μ is steered: when the LP leaves a
 * linearised violation, μ is raised tenfold (up to 1e8) while that lowers it.
 *
 * Smoothing stages (continuation): a list of smoothings solved in turn, each
 * from the previous answer (e.g. sqrt with ε = 1e-2, 1e-4, 1e-6, then 0 = the
 * exact ReLU). The answer is a local one: no optimality guarantee.
 *
 * HiGHS: one persistent LP for the whole run; bounds and right-hand sides are
 * updated in place, the criterion rows are replaced each iteration, and each
 * solve starts from the previous basis.
 */
import type { Network } from '../../../shared/domain/network';
import type { Highs } from '../highs/highs';
import { PersistentLp } from '../highs/persistent-lp';
import type { InputBox, LogitRow, NormName } from '../bounds/bounds';
import { compileNet, smoothLogits, smoothLogitsAndJacobian, type CompiledNet, type Smoothing } from './smooth';

export interface LocalAttackProblem {
  net: Network;
  x0: readonly number[];
  box: InputBox;
  norm: NormName;
  /** Constraints o[plus] − o[minus] ≥ margin, all required. */
  rows: readonly LogitRow[];
  /** Smoothing stages, solved in order (at least one). */
  stages: readonly Smoothing[];
  /** Starting point (default x⁰). */
  start?: readonly number[];
}

export type LocalStopReason =
  | 'converged'
  | 'trust-region-collapsed'
  | 'iteration-limit'
  | 'time-limit'
  | 'interrupted'
  | 'subproblem-failed';

export type LocalStatus = 'local-optimum' | 'infeasible' | 'iteration-limit' | 'time-limit' | 'interrupted' | 'error';

export interface LocalIteration {
  iteration: number;
  stage: number;
  objective: number;
  violation: number;
  trustRadius: number;
  penalty: number;
  accepted: boolean;
  elapsedMs: number;
}

export interface LocalAttackOptions {
  /** Total iterations over all stages (default 300). */
  maxIterations?: number;
  /** Initial trust radius Δ (L∞ on the step; default a quarter of the widest box side). */
  trustRadius?: number;
  /** Largest trust radius (default the widest box side). */
  maxTrustRadius?: number;
  /** Stop when Δ falls below this (default 1e-9). */
  minTrustRadius?: number;
  /** Stop when the predicted merit decrease is below tolerance·(1 + φ) (default 1e-10). */
  tolerance?: number;
  /** Largest constraint violation still called feasible (default 1e-9). */
  feasibilityTolerance?: number;
  /** Initial penalty μ (default 10). */
  penalty?: number;
  /** Seconds. */
  timeLimit?: number;
  shouldStop?: () => boolean;
  onIteration?: (it: LocalIteration) => void;
}

export interface LocalAttackResult {
  status: LocalStatus;
  stopReason: LocalStopReason;
  message: string;
  x: number[];
  /** ‖x − x⁰‖ in the problem's norm. */
  objective: number;
  /** Largest criterion violation max(0, −gᵣ(x)) on the last stage's smooth network. */
  violation: number;
  iterations: number;
  trustRadius: number;
  penalty: number;
  /** Stages completed (the last one may have been cut short). */
  stagesRun: number;
  elapsedMs: number;
  /** LP subproblems solved. */
  lpSolves: number;
}

export function normDistance(norm: NormName, x: ArrayLike<number>, x0: ArrayLike<number>): number {
  let v = 0;
  for (let j = 0; j < x0.length; j++) {
    const a = Math.abs(x[j]! - x0[j]!);
    v = norm === 'l1' ? v + a : Math.max(v, a);
  }
  return v;
}

/** Σ violations and the largest one of the rows at logits o. */
function violations(rows: readonly LogitRow[], o: ArrayLike<number>): { sum: number; max: number } {
  let sum = 0;
  let max = 0;
  for (const r of rows) {
    const v = r.margin - (o[r.plus]! - o[r.minus]!);
    if (v > 0) {
      sum += v;
      if (v > max) max = v;
    }
  }
  return { sum, max };
}

class SubproblemLp {
  private readonly lp: PersistentLp;
  private readonly d: number;
  private readonly R: number;
  private readonly norm: NormName;
  /** Index of the first criterion row. */
  private readonly critRow0: number;
  /** Index of the first slack column. */
  private readonly xiCol0: number;

  constructor(highs: Highs, d: number, R: number, norm: NormName) {
    this.d = d;
    this.R = R;
    this.norm = norm;
    // Columns: s (d), then L1: p (d), n (d) | L∞: t (1), then ξ (R).
    const normCols = norm === 'l1' ? 2 * d : 1;
    const numCols = d + normCols + R;
    const colCost = new Float64Array(numCols);
    const colLower = new Float64Array(numCols);
    const colUpper = new Float64Array(numCols).fill(Infinity);
    for (let j = 0; j < d; j++) {
      colLower[j] = 0;
      colUpper[j] = 0;
    }
    for (let c = d; c < d + normCols; c++) colCost[c] = 1;
    this.xiCol0 = d + normCols;
    // Rows (CSR): L1: p_j − n_j − s_j = c_j; L∞: s_j − t ≤ −c_j and s_j + t ≥ −c_j. Criterion rows are added later.
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowLower: number[] = [];
    const rowUpper: number[] = [];
    if (norm === 'l1') {
      for (let j = 0; j < d; j++) {
        indices.push(j, d + j, 2 * d + j);
        values.push(-1, 1, -1);
        starts.push(indices.length);
        rowLower.push(0);
        rowUpper.push(0);
      }
    } else {
      for (let j = 0; j < d; j++) {
        indices.push(j, d);
        values.push(1, -1);
        starts.push(indices.length);
        rowLower.push(-Infinity);
        rowUpper.push(0);
        indices.push(j, d);
        values.push(1, 1);
        starts.push(indices.length);
        rowLower.push(0);
        rowUpper.push(Infinity);
      }
    }
    this.critRow0 = rowLower.length;
    this.lp = PersistentLp.fromArrays(
      highs,
      {
        numCols,
        numRows: rowLower.length,
        colCost,
        colLower,
        colUpper,
        rowLower,
        rowUpper,
        matrix: { format: 'csr', numRows: rowLower.length, numCols, starts, indices, values },
      },
      { presolve: 'off', primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9 },
    );
    try {
      // Empty criterion rows, replaced every iteration.
      if (R > 0) {
        this.lp.addRows({
          lower: new Float64Array(R),
          upper: new Float64Array(R).fill(Infinity),
          matrix: {
            format: 'csr',
            numRows: R,
            numCols,
            starts: Int32Array.from({ length: R + 1 }, (_, r) => r),
            indices: Int32Array.from({ length: R }, (_, r) => this.xiCol0 + r),
            values: new Float64Array(R).fill(1),
          },
        });
      }
    } catch (e) {
      this.lp.dispose();
      throw e;
    }
  }

  /** LP solves made. */
  get solves(): number {
    return this.lp.solves;
  }

  /**
   * Sets the subproblem at xₖ: step bounds, the norm rows' right-hand sides,
   * the linearised criterion rows (gradient rows G (R × d), values g) and μ.
   */
  set(sLower: ArrayLike<number>, sUpper: ArrayLike<number>, c: ArrayLike<number>, G: Float64Array, g: ArrayLike<number>): void {
    const { d, R } = this;
    this.lp.setColsBounds({ kind: 'range', from: 0, to: d - 1 }, Float64Array.from(sLower), Float64Array.from(sUpper));
    if (this.norm === 'l1') {
      const v = Float64Array.from(c);
      this.lp.setRowsBounds({ kind: 'range', from: 0, to: d - 1 }, v, v);
    } else {
      const lo = new Float64Array(2 * d);
      const hi = new Float64Array(2 * d);
      for (let j = 0; j < d; j++) {
        lo[2 * j] = -Infinity;
        hi[2 * j] = -c[j]!;
        lo[2 * j + 1] = -c[j]!;
        hi[2 * j + 1] = Infinity;
      }
      this.lp.setRowsBounds({ kind: 'range', from: 0, to: 2 * d - 1 }, lo, hi);
    }
    if (R === 0) return;
    const numCols = this.xiCol0 + R;
    this.lp.deleteRows({ kind: 'range', from: this.critRow0, to: this.critRow0 + R - 1 });
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (let r = 0; r < R; r++) {
      for (let j = 0; j < d; j++) {
        const v = G[r * d + j]!;
        if (v !== 0) {
          indices.push(j);
          values.push(v);
        }
      }
      indices.push(this.xiCol0 + r);
      values.push(1);
      starts.push(indices.length);
    }
    this.lp.addRows({
      lower: Float64Array.from({ length: R }, (_, r) => -g[r]!),
      upper: new Float64Array(R).fill(Infinity),
      matrix: {
        format: 'csr',
        numRows: R,
        numCols,
        starts: Int32Array.from(starts),
        indices: Int32Array.from(indices),
        values: Float64Array.from(values),
      },
    });
  }

  setPenalty(mu: number): void {
    if (this.R === 0) return;
    this.lp.setColsCost({ kind: 'range', from: this.xiCol0, to: this.xiCol0 + this.R - 1 }, new Float64Array(this.R).fill(mu));
  }

  /** Solves; returns the step, the LP objective and Σ ξ, or null on failure. */
  solve(timeLimit?: number): { s: Float64Array; objective: number; slack: number } | null {
    if (this.lp.solve({ timeLimit, accept: ['optimal'] }) !== 'optimal') return null;
    const col = this.lp.columnValues();
    let slack = 0;
    for (let r = 0; r < this.R; r++) slack += Math.max(0, col[this.xiCol0 + r]!);
    return { s: col.slice(0, this.d), objective: this.lp.objective(), slack };
  }

  dispose(): void {
    this.lp.dispose();
  }
}

const MAX_PENALTY = 1e8;

/**
 * Runs the trust-region SLP from the start point through every smoothing stage.
 * Never throws for numerical outcomes (a failed subproblem ends the run with
 * its best point); invalid input throws.
 */
export function solveLocalAttack(highs: Highs, problem: LocalAttackProblem, opts: LocalAttackOptions = {}): LocalAttackResult {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const net: CompiledNet = compileNet(problem.net);
  const d = net.inputs;
  const { x0, box, norm, rows, stages } = problem;
  if (x0.length !== d) throw new Error(`x0 has ${x0.length} entries; the network takes ${d}`);
  if (stages.length === 0) throw new Error('at least one smoothing stage is needed');
  for (const r of rows) {
    if (r.plus < 0 || r.plus >= net.outputs || r.minus < 0 || r.minus >= net.outputs) throw new Error('criterion row out of range');
  }
  let width = 0;
  for (let j = 0; j < d; j++) width = Math.max(width, box.upper[j]! - box.lower[j]!);
  width = Math.max(width, 1e-12);
  const maxIterations = opts.maxIterations ?? 300;
  const maxDelta = opts.maxTrustRadius ?? width;
  const minDelta = opts.minTrustRadius ?? 1e-9;
  const tol = opts.tolerance ?? 1e-10;
  const feasTol = opts.feasibilityTolerance ?? 1e-9;
  let delta = Math.min(opts.trustRadius ?? width / 4, maxDelta);
  let mu = opts.penalty ?? 10;
  const R = rows.length;

  const x = Float64Array.from(problem.start ?? x0);
  for (let j = 0; j < d; j++) x[j] = Math.min(box.upper[j]!, Math.max(box.lower[j]!, x[j]!));
  let iterations = 0;
  let stopReason: LocalStopReason = 'converged';
  let stagesRun = 0;
  let lastViolation = 0;
  const lp = new SubproblemLp(highs, d, R, norm);
  try {
    lp.setPenalty(mu);
    const sLo = new Float64Array(d);
    const sHi = new Float64Array(d);
    const c = new Float64Array(d);
    const G = new Float64Array(R * d);
    const g = new Float64Array(R);
    stageLoop: for (let stage = 0; stage < stages.length; stage++) {
      const smoothing = stages[stage]!;
      const finalStage = stage === stages.length - 1;
      // Earlier stages only need to get close: looser tolerance.
      const stageTol = finalStage ? tol : Math.max(tol, 1e-6);
      let evaluated = smoothLogitsAndJacobian(net, smoothing, x);
      let viol = violations(rows, evaluated.logits);
      let f = normDistance(norm, x, x0);
      let needsLinearisation = true;
      stopReason = 'converged';
      for (;;) {
        if (iterations >= maxIterations) {
          stopReason = 'iteration-limit';
          lastViolation = viol.max;
          stagesRun = stage + 1;
          break stageLoop;
        }
        if (opts.shouldStop?.()) {
          stopReason = 'interrupted';
          lastViolation = viol.max;
          stagesRun = stage + 1;
          break stageLoop;
        }
        const secs = elapsed() / 1000;
        if (opts.timeLimit !== undefined && secs >= opts.timeLimit) {
          stopReason = 'time-limit';
          lastViolation = viol.max;
          stagesRun = stage + 1;
          break stageLoop;
        }
        if (needsLinearisation) {
          const { logits, jacobian } = evaluated;
          rows.forEach((r, q) => {
            g[q] = logits[r.plus]! - logits[r.minus]! - r.margin;
            for (let j = 0; j < d; j++) G[q * d + j] = jacobian[r.plus * d + j]! - jacobian[r.minus * d + j]!;
          });
          for (let j = 0; j < d; j++) c[j] = x[j]! - x0[j]!;
          needsLinearisation = false;
        }
        for (let j = 0; j < d; j++) {
          sLo[j] = Math.max(-delta, box.lower[j]! - x[j]!);
          sHi[j] = Math.min(delta, box.upper[j]! - x[j]!);
          if (sLo[j]! > sHi[j]!) sLo[j] = sHi[j] = 0;
        }
        lp.set(sLo, sHi, c, G, g);
        const remaining = opts.timeLimit === undefined ? undefined : opts.timeLimit - secs;
        let sol = lp.solve(remaining);
        // Penalty steering: raise μ while that lowers the linearised violation.
        while (sol && sol.slack > feasTol && mu < MAX_PENALTY) {
          const trialMu = mu * 10;
          lp.setPenalty(trialMu);
          const trial = lp.solve(remaining);
          if (trial && trial.slack < sol.slack * 0.99 - feasTol) {
            mu = trialMu;
            sol = trial;
          } else {
            lp.setPenalty(mu);
            // Keep μ; the previous LP solution stays valid for μ.
            break;
          }
        }
        iterations++;
        if (!sol) {
          stopReason = 'subproblem-failed';
          lastViolation = viol.max;
          stagesRun = stage + 1;
          break stageLoop;
        }
        const phi = f + mu * viol.sum;
        // The LP value at s = 0 is exactly φ(xₖ) (its model of the violation is exact there).
        const predicted = phi - sol.objective;
        if (predicted <= stageTol * (1 + phi)) {
          opts.onIteration?.({ iteration: iterations, stage, objective: f, violation: viol.max, trustRadius: delta, penalty: mu, accepted: false, elapsedMs: elapsed() });
          break;
        }
        const trial = new Float64Array(d);
        let stepNorm = 0;
        for (let j = 0; j < d; j++) {
          trial[j] = Math.min(box.upper[j]!, Math.max(box.lower[j]!, x[j]! + sol.s[j]!));
          stepNorm = Math.max(stepNorm, Math.abs(sol.s[j]!));
        }
        const trialEval = smoothLogitsAndJacobian(net, smoothing, trial);
        const trialViol = violations(rows, trialEval.logits);
        const trialF = normDistance(norm, trial, x0);
        const actual = phi - (trialF + mu * trialViol.sum);
        const rho = actual / predicted;
        const accepted = rho >= 0.1;
        if (accepted) {
          x.set(trial);
          evaluated = trialEval;
          viol = trialViol;
          f = trialF;
          needsLinearisation = true;
          if (rho > 0.75 && stepNorm >= 0.99 * delta) delta = Math.min(2 * delta, maxDelta);
          else if (rho < 0.25) delta = Math.max(0.5 * delta, 0.5 * stepNorm);
        } else {
          delta = 0.5 * Math.min(delta, stepNorm);
        }
        opts.onIteration?.({ iteration: iterations, stage, objective: f, violation: viol.max, trustRadius: delta, penalty: mu, accepted, elapsedMs: elapsed() });
        if (delta < minDelta) {
          stopReason = 'trust-region-collapsed';
          break;
        }
      }
      lastViolation = viol.max;
      stagesRun = stage + 1;
      // The next stage starts with a fresh trust region of at least a tenth of the initial one.
      if (!finalStage) delta = Math.max(delta, Math.min(opts.trustRadius ?? width / 4, maxDelta) / 10);
    }
  } finally {
    lp.dispose();
  }
  const xs = Array.from(x);
  const lastLogits = smoothLogits(net, stages[Math.max(0, stagesRun - 1)]!, xs);
  const violation = Math.max(lastViolation, violations(rows, lastLogits).max);
  let status: LocalStatus;
  let message: string;
  switch (stopReason) {
    case 'converged':
    case 'trust-region-collapsed':
      if (violation <= feasTol) {
        status = 'local-optimum';
        message =
          stopReason === 'converged'
            ? 'converged to a local optimum (no further decrease predicted within the trust region)'
            : 'stopped at a local optimum (the trust region collapsed)';
      } else {
        status = 'infeasible';
        message = `stopped at a point that violates the criterion by ${violation.toExponential(3)} (locally infeasible or stuck)`;
      }
      break;
    case 'iteration-limit':
      status = 'iteration-limit';
      message = `iteration limit (${maxIterations}) reached`;
      break;
    case 'time-limit':
      status = 'time-limit';
      message = 'time limit reached';
      break;
    case 'interrupted':
      status = 'interrupted';
      message = 'stopped on request';
      break;
    default:
      status = 'error';
      message = 'an LP subproblem could not be solved';
  }
  return {
    status,
    stopReason,
    message,
    x: xs,
    objective: normDistance(norm, xs, x0),
    violation,
    iterations,
    trustRadius: delta,
    penalty: mu,
    stagesRun,
    elapsedMs: elapsed(),
    lpSolves: lp.solves,
  };
}

/** The sqrt-ReLU continuation schedule: ε, ε/100, … down to 1e-8, then 0 (the exact ReLU). */
export function sqrtSchedule(epsilon: number): Smoothing[] {
  const stages: Smoothing[] = [];
  for (let e = epsilon; e >= 1e-8; e /= 100) stages.push({ kind: 'sqrt', epsilon: e });
  stages.push({ kind: 'sqrt', epsilon: 0 });
  return stages;
}
