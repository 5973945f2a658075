import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../../../shared/domain/network';
import { activations, sigmoid, softplus, type Activation, type ActivationParams } from '../../../../src-main/engine/nn/activations';

const names = Object.keys(activations) as ActivationName[];
const params: ActivationParams[] = [
  { alpha: 0.01, beta: 1 },
  { alpha: 0.3, beta: 5 },
  { alpha: -0.5, beta: 0.25 },
];
const points = [-40, -3.5, -1, -1e-3, 0, 1e-3, 0.7, 2, 35];

describe('the activation table', () => {
  it('has an entry for every activation a network may use', () => {
    expect(names.sort()).toEqual(['identity', 'leaky_relu', 'relu', 'sigmoid', 'softplus', 'tanh']);
  });

  describe.each(names)('%s', (name) => {
    const f: Activation = activations[name];

    it('derivative matches central finite differences away from kinks', () => {
      for (const p of params) {
        for (const z of points.filter((v) => Math.abs(v) > 1e-2 && Math.abs(v) < 30)) {
          const h = 1e-6;
          const fd = (f.value(z + h, p) - f.value(z - h, p)) / (2 * h);
          expect(f.derivative(z, f.value(z, p), p)).toBeCloseTo(fd, 6);
        }
      }
    });

    it('range over [l, u] contains every sampled value and is attained', () => {
      for (const p of params) {
        for (const [l, u] of [[-2, -1], [-1, 3], [0.5, 4], [-5, 0], [0, 0]] as const) {
          const [lo, hi] = f.range(l, u, p);
          const samples = Array.from({ length: 201 }, (_, k) => f.value(l + ((u - l) * k) / 200, p));
          for (const v of samples) {
            expect(v).toBeGreaterThanOrEqual(lo - 1e-15);
            expect(v).toBeLessThanOrEqual(hi + 1e-15);
          }
          expect(Math.min(...samples)).toBeCloseTo(lo, 12);
          expect(Math.max(...samples)).toBeCloseTo(hi, 12);
        }
      }
    });

    it('the array loops compute the scalar formulas bit for bit', () => {
      for (const p of params) {
        const n = points.length;
        const Z = Float64Array.from(points);
        const A = new Float64Array(n);
        f.valuesInto(Z, A, n, p);
        const G = new Float64Array(n).fill(0.75);
        f.scaleByDerivative(Z, A, G, n, p);
        points.forEach((z, i) => {
          expect(A[i]).toBe(f.value(z, p));
          expect(G[i]).toBe(0.75 * f.derivative(z, A[i]!, p));
        });
      }
    });

    it('the kernel source computes the scalar formulas bit for bit', () => {
      for (const p of params) {
        const names = { alpha: 'alpha', beta: 'beta' };
        const value = new Function('z', 'alpha', 'beta', 'sigmoid', 'softplus', `return ${f.source.value('z', names)};`);
        const scaled = new Function('g', 'z', 'a', 'alpha', 'beta', 'sigmoid', 'softplus', `return ${f.source.scaleByDerivative('g', 'z', 'a', names)};`);
        for (const z of points) {
          const a = f.value(z, p);
          expect(value(z, p.alpha, p.beta, sigmoid, softplus)).toBe(a);
          expect(scaled(0.75, z, a, p.alpha, p.beta, sigmoid, softplus)).toBe(0.75 * f.derivative(z, a, p));
        }
      }
    });
  });

  it("the ReLU's smooth surrogates: sqrt at ε = 0 is the ReLU, ε > 0 overestimates it by at most √ε/2; softplus is the softplus activation", () => {
    const { sqrt, softplus: smooth } = activations.relu.surrogates;
    for (const z of points) {
      expect(sqrt.value(z, 0)).toBe(activations.relu.value(z));
      for (const eps of [1e-2, 1e-6]) {
        const over = sqrt.value(z, eps) - activations.relu.value(z);
        expect(over).toBeGreaterThan(0);
        expect(over).toBeLessThanOrEqual(Math.sqrt(eps) / 2 + 1e-15);
      }
      expect(smooth.value(z, 5)).toBe(activations.softplus.value(z, { alpha: 0, beta: 5 }));
      expect(smooth.slope(z, 5)).toBe(activations.softplus.derivative(z, 0, { alpha: 0, beta: 5 }));
    }
    expect(sqrt.slope(0, 0)).toBe(0.5);
  });
});
