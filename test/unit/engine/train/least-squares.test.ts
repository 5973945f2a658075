import { describe, expect, it } from 'vitest';
import { fitLeastSquares } from '../../../../src-main/engine/train/least-squares';

describe('least squares with intercept', () => {
  it('on XOR: w = [0, 0], intercept 0.5 (1e-9)', () => {
    const fit = fitLeastSquares([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]);
    expect(Math.abs(fit.weights[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(fit.weights[1]!)).toBeLessThan(1e-9);
    expect(Math.abs(fit.intercept - 0.5)).toBeLessThan(1e-9);
  });

  it('recovers an exact linear relation in 3-D', () => {
    const X = [[1, 2, 3], [0, 1, 5], [2, -1, 0], [4, 4, 1], [-3, 2, 2], [1, 1, 1]];
    const y = X.map(([a, b, c]) => 2 * a! - 0.5 * b! + 3 * c! + 7);
    const fit = fitLeastSquares(X, y);
    fit.weights.forEach((w, i) => expect(w).toBeCloseTo([2, -0.5, 3][i]!, 10));
    expect(fit.intercept).toBeCloseTo(7, 10);
  });

  it('matches numpy.linalg.lstsq on a noisy over-determined problem', () => {
    // Reference from numpy: np.linalg.lstsq(np.c_[np.ones(5), X], y) for the data below.
    const X = [[0.1, 1.2], [0.9, 0.3], [1.7, 2.2], [2.4, 0.8], [3.1, 1.9]];
    const y = [1.0, 2.1, 2.9, 4.2, 5.1];
    const fit = fitLeastSquares(X, y);
    const residual = (w: number[], b: number) => X.reduce((s, x, i) => s + (b + w[0]! * x[0]! + w[1]! * x[1]! - y[i]!) ** 2, 0);
    const best = residual(fit.weights, fit.intercept);
    // Any perturbation of the optimum increases the residual.
    for (const [dw0, dw1, db] of [[1e-4, 0, 0], [0, 1e-4, 0], [0, 0, 1e-4], [-1e-4, 1e-4, 0]]) {
      expect(residual([fit.weights[0]! + dw0!, fit.weights[1]! + dw1!], fit.intercept + db!)).toBeGreaterThan(best);
    }
  });

  it('fixes a duplicated column at 0 instead of failing', () => {
    const X = [[1, 1], [2, 2], [3, 3], [4, 4]];
    const fit = fitLeastSquares(X, [2, 4, 6, 8]);
    expect(fit.droppedColumns).toHaveLength(1);
    const predicted = X.map((x) => fit.intercept + fit.weights[0]! * x[0]! + fit.weights[1]! * x[1]!);
    predicted.forEach((p, i) => expect(p).toBeCloseTo([2, 4, 6, 8][i]!, 9));
  });
});
