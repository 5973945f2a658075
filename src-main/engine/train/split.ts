/**
 * The seeded train/test split every method shares:
 * `perm = np.random.RandomState(seed).permutation(n)`, the first
 * `round(n · testFraction)` entries of `perm` are the test rows, the rest the
 * training rows (both in permutation order). `round` is Python's (half to even),
 * so a numpy script `k = round(n * f); test, train = perm[:k], perm[k:]`
 * picks the same rows. For the digits set (n = 1797, f = 0.2): 359 test rows.
 */
import { NumpyRandomState } from '../nn/rng';

export interface TrainTestSplit {
  train: number[];
  test: number[];
}

/** Python's round(): to the nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function trainTestSplit(n: number, testFraction = 0.2, seed = 0): TrainTestSplit {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(testFraction >= 0 && testFraction <= 1)) throw new RangeError(`testFraction must be in [0, 1], got ${testFraction}`);
  const perm = new NumpyRandomState(seed).permutation(n);
  const k = roundHalfEven(n * testFraction);
  return { test: perm.slice(0, k), train: perm.slice(k) };
}
