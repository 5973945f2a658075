import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { networkSchema } from '../../../../shared/domain/network';
import { forward, predictClass } from '../../../../src-main/engine/nn/forward';
import { trainLogistic, logisticParamsSchema } from '../../../../src-main/engine/train/logistic';
import { roundHalfEven, trainTestSplit } from '../../../../src-main/engine/train/split';
import { digitsRows as loadDigits } from '../../../helpers/digits';

const ref = JSON.parse(readFileSync(new URL('../../../fixtures/numpy/logistic_reference.json', import.meta.url), 'utf8')) as {
  n_test: number;
  test_indices_first10: number[];
  digits_multinomial_C1: { objective: number; train_accuracy: number; test_accuracy: number; seconds: number };
  'digits_3_vs_8_C0.5': { rows: number; objective: number; coef: number[]; intercept: number; train_accuracy: number };
};

function accuracy(net: ReturnType<typeof trainLogistic>['network'], X: number[][], y: number[]): number {
  let correct = 0;
  X.forEach((x, n) => (correct += predictClass(forward(net, x)) === y[n] ? 1 : 0));
  return correct / X.length;
}

describe('trainTestSplit', () => {
  it("is numpy's RandomState(seed).permutation(n), first round(n·f) rows as test", () => {
    const { train, test } = trainTestSplit(1797);
    expect(test.length).toBe(ref.n_test);
    expect(test.slice(0, 10)).toEqual(ref.test_indices_first10);
    expect(train.length).toBe(1797 - 359);
    expect(new Set([...train, ...test]).size).toBe(1797);
  });

  it("rounds like Python's round()", () => {
    expect([0.5, 1.5, 2.5, 3.5, 359.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 4, 359, 3]);
    expect(trainTestSplit(5, 0.5).test.length).toBe(2);
    expect(trainTestSplit(10, 0).test).toEqual([]);
  });
});

describe('logistic regression', () => {
  it('XOR: every point in one class, accuracy 0.5', () => {
    const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const y = [0, 1, 1, 0];
    const fit = trainLogistic({ X, y });
    expect(fit.status).toBe('completed');
    expect(fit.converged).toBe(true);
    expect(fit.accuracy).toBe(0.5);
    const classes = X.map((x) => predictClass(forward(fit.network, x)));
    expect(new Set(classes).size).toBe(1);
    expect(accuracy(fit.network, X, y)).toBe(0.5);
    expect(fit.coef[0]).toEqual([0, 0]);
    expect(fit.intercept).toEqual([0]);
    expect(fit.loss).toBeCloseTo(Math.log(2), 15);
    // Also with L-BFGS, and with a different C.
    expect(trainLogistic({ X, y }, { solver: 'lbfgs', C: 100 }).accuracy).toBe(0.5);
  });

  it('binary Newton reaches the scipy optimum (digits 3 vs 8, C = 0.5)', () => {
    const { X, y } = loadDigits();
    const { train } = trainTestSplit(X.length);
    const rows = train.filter((i) => y[i] === 3 || y[i] === 8);
    const Xb = rows.map((i) => X[i]!);
    const yb = rows.map((i) => (y[i] === 8 ? 1 : 0));
    const r = ref['digits_3_vs_8_C0.5'];
    expect(rows.length).toBe(r.rows);
    for (const solver of ['newton', 'lbfgs'] as const) {
      const fit = trainLogistic({ X: Xb, y: yb }, { C: 0.5, solver });
      expect(fit.converged).toBe(true);
      expect(fit.solver).toBe(solver);
      expect(Math.abs(fit.objective - r.objective)).toBeLessThan(1e-9 * r.objective);
      const coefErr = Math.max(...fit.coef[0]!.map((w, j) => Math.abs(w - r.coef[j]!)));
      expect(coefErr).toBeLessThan(1e-5);
      expect(fit.intercept[0]).toBeCloseTo(r.intercept, 5);
      expect(fit.accuracy).toBe(r.train_accuracy);
    }
  });

  it('digits, multinomial L-BFGS: test accuracy ≥ 0.95, the scipy optimum', () => {
    const { X, y } = loadDigits();
    expect(X.length).toBe(1797);
    const { train, test } = trainTestSplit(X.length, 0.2, 0);
    const start = performance.now();
    const fit = trainLogistic({ X: train.map((i) => X[i]!), y: train.map((i) => y[i]!) });
    const seconds = (performance.now() - start) / 1000;
    const testAccuracy = accuracy(fit.network, test.map((i) => X[i]!), test.map((i) => y[i]!));
    const r = ref.digits_multinomial_C1;
    console.log(
      `digits logistic: ${fit.iterations} L-BFGS iterations in ${seconds.toFixed(2)} s (scipy: ${r.seconds.toFixed(1)} s); ` +
        `objective ${fit.objective} (scipy ${r.objective}); train ${fit.accuracy.toFixed(4)}, test ${testAccuracy.toFixed(4)}`,
    );
    expect(fit.status).toBe('completed');
    expect(fit.converged).toBe(true);
    expect(fit.solver).toBe('lbfgs');
    expect(fit.classes).toBe(10);
    expect(testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(fit.objective - r.objective)).toBeLessThan(1e-7 * r.objective);
    expect(testAccuracy).toBe(r.test_accuracy);
    expect(fit.accuracy).toBe(r.train_accuracy);
    expect(() => networkSchema.parse(fit.network)).not.toThrow();
    expect(fit.network.output).toBe('softmax');
  });

  it('validates its inputs', () => {
    expect(logisticParamsSchema.parse({})).toEqual({ C: 1, fitIntercept: true, solver: 'auto', maxIter: 1000, tol: 1e-8 });
    expect(logisticParamsSchema.safeParse({ C: 0 }).success).toBe(false);
    expect(logisticParamsSchema.safeParse({ c: 1 }).success).toBe(false);
    expect(() => trainLogistic({ X: [[0], [1], [2]], y: [0, 1, 2] }, { solver: 'newton' })).toThrow(/two classes/);
    expect(() => trainLogistic({ X: [[0], [1]], y: [0, 0.5] })).toThrow(/class label/);
  });

  it('without an intercept, and cancellation', () => {
    const X = [[1, 2], [2, 1], [-1, -2], [-2, -1], [0.5, -0.2]];
    const y = [1, 1, 0, 0, 1];
    const fit = trainLogistic({ X, y }, { fitIntercept: false });
    expect(fit.intercept).toEqual([0]);
    expect(fit.converged).toBe(true);
    const cancelled = trainLogistic(loadDigits(), {}, { shouldStop: () => true });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.iterations).toBe(0);
  });
});
