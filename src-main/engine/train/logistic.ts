/**
 * `logistic-regression`: L2-regularised logistic regression with sklearn's
 * convention,
 *
 *     minimise  ½‖W‖² + C · Σₙ lossₙ        (the intercept is not penalised),
 *
 * binary (labels 0/1): lossₙ = log(1 + e^{zₙ}) − yₙ zₙ, zₙ = w·xₙ + b, solved
 * by Newton's method (Cholesky of the (d+1)×(d+1) Hessian, backtracking);
 * multinomial (labels 0..K−1, K > 2): lossₙ = logsumexp(zₙ) − z_{n,yₙ},
 * zₙ = W xₙ + b with one row of W per class (sklearn's multinomial model),
 * solved by L-BFGS (two-loop recursion, memory 10, Armijo backtracking).
 * Everything is hand-written on Float64Arrays.
 *
 * Converged when ‖∇f‖_∞ ≤ tol · max(1, ‖∇f(0)‖_∞). On XOR the gradient at the
 * start (w = 0, b = 0) is exactly zero, so the model stays there: every output
 * is 0.5, every point gets class 1, accuracy 0.5.
 *
 * The result is also a `Network` (one identity layer, head sigmoid or softmax),
 * so `forward()` and every later method can use it.
 */
import { z } from 'zod';
import type { Network } from '../../../shared/domain/network';
import { expAccurate } from '../nn/losses';

export { logisticParamsSchema } from '../../../shared/domain/params/training';
import { logisticParamsSchema } from '../../../shared/domain/params/training';

export type LogisticParamsInput = z.input<typeof logisticParamsSchema>;
export type LogisticParams = z.output<typeof logisticParamsSchema>;

export interface LogisticData {
  X: readonly (readonly number[])[];
  /** Class labels 0..K−1 (K = max label + 1, at least 2). */
  y: readonly number[];
}

export interface LogisticHooks {
  /** Called once per iteration with the objective and ‖∇f‖_∞. */
  onProgress?: (iteration: number, objective: number, gradInf: number) => void;
  shouldStop?: () => boolean;
}

export interface LogisticResult {
  status: 'completed' | 'cancelled' | 'diverged';
  /** ‖∇f‖ reached the tolerance (false: maxIter or no further progress possible). */
  converged: boolean;
  iterations: number;
  objective: number;
  gradInf: number;
  /** Mean log-loss on the training data (without the penalty). */
  loss: number;
  /** Training accuracy (predictClass of forward(network, x)). */
  accuracy: number;
  classes: number;
  solver: 'newton' | 'lbfgs';
  /** K×d (one row for binary), and K (one for binary) intercepts. */
  coef: number[][];
  intercept: number[];
  network: Network;
}

/** log(1 + e^z), stable. */
function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(expAccurate(-z)) : Math.log1p(expAccurate(z));
}

function sigmoidOf(z: number): number {
  const e = expAccurate(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

interface Problem {
  N: number;
  d: number;
  K: number;
  X: Float64Array; // N × d row-major
  y: Int32Array;
  C: number;
  fitIntercept: boolean;
}

function prepare(data: LogisticData, params: LogisticParams): Problem {
  const N = data.X.length;
  if (N === 0) throw new Error('the data set has no rows');
  if (data.y.length !== N) throw new Error(`X has ${N} rows but y has ${data.y.length} entries`);
  const d = data.X[0]!.length;
  if (d === 0) throw new Error('the data set has no features');
  const X = new Float64Array(N * d);
  const y = new Int32Array(N);
  let K = 2;
  for (let n = 0; n < N; n++) {
    const row = data.X[n]!;
    if (row.length !== d) throw new Error(`row ${n} of X has ${row.length} features, expected ${d}`);
    for (let j = 0; j < d; j++) {
      const v = row[j]!;
      if (!Number.isFinite(v)) throw new Error(`X[${n}][${j}] is not a finite number`);
      X[n * d + j] = v;
    }
    const label = data.y[n]!;
    if (!Number.isInteger(label) || label < 0) throw new Error(`y[${n}] = ${label} is not a class label 0, 1, 2, …`);
    y[n] = label;
    K = Math.max(K, label + 1);
  }
  return { N, d, K, X, y, C: params.C, fitIntercept: params.fitIntercept };
}

// ---------------------------------------------------------------- binary: Newton

/** f, ∇f at θ = [w, b]; returns f. */
function binaryObjective(p: Problem, theta: Float64Array, grad: Float64Array | null, prob: Float64Array): number {
  const { N, d, X, y, C } = p;
  const b = p.fitIntercept ? theta[d]! : 0;
  let f = 0;
  for (let j = 0; j < d; j++) f += 0.5 * theta[j]! * theta[j]!;
  let data = 0;
  if (grad) {
    grad.fill(0);
    for (let j = 0; j < d; j++) grad[j] = theta[j]!;
  }
  for (let n = 0; n < N; n++) {
    const o = n * d;
    let z = b;
    for (let j = 0; j < d; j++) z += X[o + j]! * theta[j]!;
    const t = y[n]!;
    data += log1pExp(z) - t * z;
    const pn = sigmoidOf(z);
    prob[n] = pn;
    if (grad) {
      const r = C * (pn - t);
      for (let j = 0; j < d; j++) grad[j] = grad[j]! + r * X[o + j]!;
      if (p.fitIntercept) grad[d] = grad[d]! + r;
    }
  }
  return f + C * data;
}

/** In-place Cholesky of the m×m SPD matrix A (lower triangle); false when not positive definite. */
function cholesky(A: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    let s = A[j * m + j]!;
    for (let k = 0; k < j; k++) s -= A[j * m + k]! * A[j * m + k]!;
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    A[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let t = A[i * m + j]!;
      for (let k = 0; k < j; k++) t -= A[i * m + k]! * A[j * m + k]!;
      A[i * m + j] = t / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place (b ← x). */
function choleskySolve(Lm: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= Lm[i * m + k]! * b[k]!;
    b[i] = s / Lm[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < m; k++) s -= Lm[k * m + i]! * b[k]!;
    b[i] = s / Lm[i * m + i]!;
  }
}

function solveNewton(p: Problem, params: LogisticParams, hooks: LogisticHooks) {
  const { N, d, X, C } = p;
  const m = p.fitIntercept ? d + 1 : d;
  const theta = new Float64Array(m);
  const trial = new Float64Array(m);
  const grad = new Float64Array(m);
  const step = new Float64Array(m);
  const H = new Float64Array(m * m);
  const prob = new Float64Array(N);
  let f = binaryObjective(p, theta, grad, prob);
  const scale = Math.max(1, infNorm(grad));
  let gInf = infNorm(grad);
  let iterations = 0;
  let converged = gInf <= params.tol * scale;
  let status: LogisticResult['status'] = 'completed';
  hooks.onProgress?.(0, f, gInf);
  while (!converged && iterations < params.maxIter) {
    if (hooks.shouldStop?.()) {
      status = 'cancelled';
      break;
    }
    // Hessian: I (weights) + C Σ s xxᵀ, with the intercept as feature d.
    H.fill(0);
    for (let j = 0; j < d; j++) H[j * m + j] = 1;
    for (let n = 0; n < N; n++) {
      const s = C * prob[n]! * (1 - prob[n]!);
      if (s === 0) continue;
      const o = n * d;
      for (let i = 0; i < d; i++) {
        const xi = s * X[o + i]!;
        if (xi === 0) continue;
        for (let j = 0; j <= i; j++) H[i * m + j] = H[i * m + j]! + xi * X[o + j]!;
      }
      if (p.fitIntercept) {
        for (let j = 0; j < d; j++) H[d * m + j] = H[d * m + j]! + s * X[o + j]!;
        H[d * m + d] = H[d * m + d]! + s;
      }
    }
    // A vanishing intercept curvature (all probabilities saturated) gets a tiny ridge.
    if (p.fitIntercept) H[d * m + d] = H[d * m + d]! + 1e-12;
    if (!cholesky(H, m)) {
      status = 'diverged';
      break;
    }
    for (let i = 0; i < m; i++) step[i] = -grad[i]!;
    choleskySolve(H, m, step);
    let slope = 0;
    for (let i = 0; i < m; i++) slope += grad[i]! * step[i]!;
    // Backtracking (Armijo) on the full Newton step.
    let t = 1;
    let fNew = f;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < m; i++) trial[i] = theta[i]! + t * step[i]!;
      fNew = binaryObjective(p, trial, null, prob);
      if (fNew <= f + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    iterations++;
    if (!accepted) break; // no decrease possible at this precision: at the optimum
    theta.set(trial);
    f = binaryObjective(p, theta, grad, prob);
    gInf = infNorm(grad);
    converged = gInf <= params.tol * scale;
    hooks.onProgress?.(iterations, f, gInf);
  }
  if (!Number.isFinite(f)) status = 'diverged';
  return { status, converged, iterations, objective: f, gradInf: gInf, theta };
}

// ---------------------------------------------------------------- multinomial: L-BFGS

/** f and ∇f at θ = [W (K×d row-major), b (K)]; Z is N×K scratch. */
function multinomialObjective(p: Problem, theta: Float64Array, grad: Float64Array, Z: Float64Array): number {
  const { N, d, K, X, y, C } = p;
  const bOff = K * d;
  let f = 0;
  for (let i = 0; i < bOff; i++) f += 0.5 * theta[i]! * theta[i]!;
  for (let i = 0; i < bOff; i++) grad[i] = theta[i]!;
  for (let k = 0; k < K; k++) grad[bOff + k] = 0;
  let data = 0;
  for (let n = 0; n < N; n++) {
    const xo = n * d;
    const zo = n * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let z = p.fitIntercept ? theta[bOff + k]! : 0;
      const wo = k * d;
      for (let j = 0; j < d; j++) z += theta[wo + j]! * X[xo + j]!;
      Z[zo + k] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = expAccurate(Z[zo + k]! - max);
      Z[zo + k] = e;
      sum += e;
    }
    const t = y[n]!;
    data += max + Math.log(sum) - (Math.log(Z[zo + t]!) + max);
    for (let k = 0; k < K; k++) {
      const r = C * (Z[zo + k]! / sum - (k === t ? 1 : 0));
      if (r === 0) continue;
      const wo = k * d;
      for (let j = 0; j < d; j++) grad[wo + j] = grad[wo + j]! + r * X[xo + j]!;
      if (p.fitIntercept) grad[bOff + k] = grad[bOff + k]! + r;
    }
  }
  return f + C * data;
}

/** L-BFGS on f: ℝᵐ → ℝ; `objective(θ, ∇f out)` returns f(θ). Starts at θ = 0. */
function lbfgs(m: number, objective: (theta: Float64Array, grad: Float64Array) => number, params: LogisticParams, hooks: LogisticHooks) {
  const memory = 10;
  const theta = new Float64Array(m);
  const grad = new Float64Array(m);
  const trial = new Float64Array(m);
  const gradTrial = new Float64Array(m);
  const dir = new Float64Array(m);
  const S = Array.from({ length: memory }, () => new Float64Array(m));
  const Y = Array.from({ length: memory }, () => new Float64Array(m));
  const rho = new Float64Array(memory);
  const alpha = new Float64Array(memory);
  let stored = 0;
  let newest = -1;

  let f = objective(theta, grad);
  let gInf = infNorm(grad);
  const scale = Math.max(1, gInf);
  let converged = gInf <= params.tol * scale;
  let iterations = 0;
  let status: LogisticResult['status'] = 'completed';
  hooks.onProgress?.(0, f, gInf);
  while (!converged && iterations < params.maxIter) {
    if (hooks.shouldStop?.()) {
      status = 'cancelled';
      break;
    }
    // Two-loop recursion: dir = −H·grad.
    for (let i = 0; i < m; i++) dir[i] = -grad[i]!;
    for (let c = 0; c < stored; c++) {
      const idx = (newest - c + memory) % memory;
      const a = rho[idx]! * dot(S[idx]!, dir, m);
      alpha[idx] = a;
      axpy(-a, Y[idx]!, dir, m);
    }
    if (stored > 0) {
      const yy = dot(Y[newest]!, Y[newest]!, m);
      const gamma = 1 / (rho[newest]! * yy);
      for (let i = 0; i < m; i++) dir[i] = dir[i]! * gamma;
    } else {
      const g2 = Math.sqrt(dot(grad, grad, m));
      for (let i = 0; i < m; i++) dir[i] = dir[i]! / Math.max(1, g2);
    }
    for (let c = stored - 1; c >= 0; c--) {
      const idx = (newest - c + memory) % memory;
      const b = rho[idx]! * dot(Y[idx]!, dir, m);
      axpy(alpha[idx]! - b, S[idx]!, dir, m);
    }
    let slope = dot(grad, dir, m);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      stored = 0;
      for (let i = 0; i < m; i++) dir[i] = -grad[i]!;
      slope = dot(grad, dir, m);
    }
    let t = 1;
    let fNew = f;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < m; i++) trial[i] = theta[i]! + t * dir[i]!;
      fNew = objective(trial, gradTrial);
      if (fNew <= f + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    iterations++;
    if (!accepted) break; // no decrease possible at this precision
    // Curvature pair.
    const next = (newest + 1) % memory;
    const s = S[next]!;
    const yv = Y[next]!;
    for (let i = 0; i < m; i++) {
      s[i] = trial[i]! - theta[i]!;
      yv[i] = gradTrial[i]! - grad[i]!;
    }
    const sy = dot(s, yv, m);
    if (sy > 1e-12 * Math.sqrt(dot(s, s, m) * dot(yv, yv, m))) {
      rho[next] = 1 / sy;
      newest = next;
      stored = Math.min(stored + 1, memory);
    }
    theta.set(trial);
    grad.set(gradTrial);
    f = fNew;
    gInf = infNorm(grad);
    converged = gInf <= params.tol * scale;
    hooks.onProgress?.(iterations, f, gInf);
  }
  if (!Number.isFinite(f)) status = 'diverged';
  return { status, converged, iterations, objective: f, gradInf: gInf, theta };
}

function dot(a: Float64Array, b: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) y[i] = y[i]! + a * x[i]!;
}

function infNorm(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

// ---------------------------------------------------------------- API

export function trainLogistic(data: LogisticData, paramsInput: LogisticParamsInput = {}, hooks: LogisticHooks = {}): LogisticResult {
  const params = logisticParamsSchema.parse(paramsInput);
  const p = prepare(data, params);
  const binary = p.K === 2;
  const solver = params.solver === 'auto' ? (binary ? 'newton' : 'lbfgs') : params.solver;
  if (!binary && solver === 'newton') throw new Error("the 'newton' solver is for two classes; use 'lbfgs' (or 'auto') for more");
  const { N, d, K, X, y } = p;
  // θ = [w, b] (binary) or [W (K×d row-major), b (K)] (multinomial); no intercept slot when fitIntercept is false.
  let fit: ReturnType<typeof lbfgs>;
  if (solver === 'newton') fit = solveNewton(p, params, hooks);
  else if (binary) {
    const prob = new Float64Array(N);
    const m = p.fitIntercept ? d + 1 : d;
    fit = lbfgs(m, (theta, grad) => binaryObjective(p, theta, grad, prob), params, hooks);
  } else {
    const Z = new Float64Array(N * K);
    fit = lbfgs(K * d + K, (theta, grad) => multinomialObjective(p, theta, grad, Z), params, hooks);
  }
  const rowsOut = binary ? 1 : K;
  const coef: number[][] = [];
  for (let k = 0; k < rowsOut; k++) coef.push(Array.from(fit.theta.subarray(k * d, (k + 1) * d)));
  const intercept = binary ? [p.fitIntercept ? fit.theta[d]! : 0] : Array.from(fit.theta.subarray(K * d, K * d + K));

  const network: Network = {
    layers: [{ W: coef.map((row) => [...row]), b: [...intercept], activation: 'identity' }],
    output: binary ? 'sigmoid' : 'softmax',
  };

  // Mean log-loss and accuracy of the fitted model on the training data.
  let lossSum = 0;
  let correct = 0;
  const scores = new Float64Array(K);
  for (let n = 0; n < N; n++) {
    const o = n * d;
    const t = y[n]!;
    if (binary) {
      let z = intercept[0]!;
      const w = coef[0]!;
      for (let j = 0; j < d; j++) z += w[j]! * X[o + j]!;
      lossSum += log1pExp(z) - t * z;
      if ((sigmoidOf(z) >= 0.5 ? 1 : 0) === t) correct++;
    } else {
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let z = intercept[k]!;
        const w = coef[k]!;
        for (let j = 0; j < d; j++) z += w[j]! * X[o + j]!;
        scores[k] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(scores[k]! - max);
      lossSum += max + Math.log(sum) - scores[t]!;
      let best = 0;
      for (let k = 1; k < K; k++) if (scores[k]! > scores[best]!) best = k;
      if (best === t) correct++;
    }
  }
  return {
    status: fit.status,
    converged: fit.converged,
    iterations: fit.iterations,
    objective: fit.objective,
    gradInf: fit.gradInf,
    loss: lossSum / N,
    accuracy: correct / N,
    classes: K,
    solver,
    coef,
    intercept,
    network,
  };
}
