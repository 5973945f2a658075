import type { Network } from '../../../shared/domain/network';

export interface LeastSquaresFit {
  weights: number[];
  intercept: number;
  /** Columns whose coefficient was fixed at 0 because they are linear combinations of others. */
  droppedColumns: number[];
}

/**
 * Least squares with an intercept by Householder QR with column pivoting on [1, X].
 * Rank-deficient designs get the basic solution (dependent columns at 0) rather than failing.
 */
export function fitLeastSquares(X: readonly (readonly number[])[], y: readonly number[]): LeastSquaresFit {
  const n = X.length;
  const p = (X[0]?.length ?? 0) + 1;
  // Column-major copy of [1, X] so that column operations are contiguous.
  const A = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    A[i] = 1;
    for (let j = 1; j < p; j++) A[j * n + i] = X[i]![j - 1]!;
  }
  const b = Float64Array.from(y);
  const perm = Array.from({ length: p }, (_, j) => j);
  const norms = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += A[j * n + i]! ** 2;
    norms[j] = s;
  }
  const steps = Math.min(n, p);
  let maxDiag = 0;
  let rank = 0;
  for (let k = 0; k < steps; k++) {
    let pivot = k;
    for (let j = k + 1; j < p; j++) if (norms[j]! > norms[pivot]!) pivot = j;
    if (pivot !== k) {
      for (let i = 0; i < n; i++) {
        const t = A[k * n + i]!;
        A[k * n + i] = A[pivot * n + i]!;
        A[pivot * n + i] = t;
      }
      [norms[k], norms[pivot]] = [norms[pivot]!, norms[k]!];
      [perm[k], perm[pivot]] = [perm[pivot]!, perm[k]!];
    }
    let alpha = 0;
    for (let i = k; i < n; i++) alpha += A[k * n + i]! ** 2;
    alpha = Math.sqrt(alpha);
    if (k === 0) maxDiag = alpha;
    if (alpha <= 1e-12 * Math.max(1, maxDiag)) break;
    rank++;
    if (A[k * n + k]! > 0) alpha = -alpha;
    // v = x - alpha e1, stored in place below the diagonal
    A[k * n + k] = A[k * n + k]! - alpha;
    let vnorm2 = 0;
    for (let i = k; i < n; i++) vnorm2 += A[k * n + i]! ** 2;
    const reflect = (col: Float64Array, offset: number) => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += A[k * n + i]! * col[offset + i]!;
      const f = (2 * dot) / vnorm2;
      for (let i = k; i < n; i++) col[offset + i] = col[offset + i]! - f * A[k * n + i]!;
    };
    for (let j = k + 1; j < p; j++) reflect(A, j * n);
    reflect(b, 0);
    // The diagonal entry of R is alpha; keep it in a side array via norms (no longer needed for column k).
    norms[k] = alpha;
    for (let j = k + 1; j < p; j++) norms[j] = norms[j]! - A[j * n + k]! ** 2;
  }
  // Back substitution on the leading rank × rank block; R(k,k) = norms[k], R(k,j) = A[j*n+k].
  const coef = new Float64Array(p);
  for (let k = rank - 1; k >= 0; k--) {
    let s = b[k]!;
    for (let j = k + 1; j < rank; j++) s -= A[j * n + k]! * coef[j]!;
    coef[k] = s / norms[k]!;
  }
  const solution = new Float64Array(p);
  for (let k = 0; k < p; k++) solution[perm[k]!] = k < rank ? coef[k]! : 0;
  const dropped = perm.slice(rank).filter((j) => j > 0).map((j) => j - 1);
  return { intercept: solution[0]!, weights: Array.from(solution.subarray(1)), droppedColumns: dropped };
}

export function leastSquaresNetwork(fit: LeastSquaresFit): Network {
  return { layers: [{ W: [fit.weights], b: [fit.intercept], activation: 'identity' }], output: 'identity' };
}
