import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeBounds,
  intervalBounds,
  linearRange,
  lpTightenBounds,
  unitBox,
  wideBounds,
  type NetworkBounds,
  type Region,
} from '../../../../src-main/engine/bounds/bounds';
import { expr, MilpModel } from '../../../../src-main/engine/model/model';
import { loadHighs, solveModel, type Highs } from '../../../../src-main/engine/highs/highs';
import { traceForward } from '../../../../src-main/engine/nn/forward';
import { randomNet, rng } from '../attack/helpers';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** max (or min) of w·x + b over box ∩ ball by LP. */
function lpRange(w: number[], b: number, region: Region, sense: 'min' | 'max'): number {
  const d = w.length;
  const m = new MilpModel('range');
  const ball = region.ball!;
  const xs = w.map((_, j) => {
    let lo = region.box.lower[j]!;
    let hi = region.box.upper[j]!;
    if (ball.norm === 'linf') {
      lo = Math.max(lo, ball.center[j]! - ball.radius);
      hi = Math.min(hi, ball.center[j]! + ball.radius);
    }
    return m.addVar({ name: `x${j}`, lb: lo, ub: hi });
  });
  if (ball.norm === 'l1') {
    const total = expr();
    for (let j = 0; j < d; j++) {
      const p = m.addVar({ name: `p${j}` });
      const n = m.addVar({ name: `n${j}` });
      m.addConstraint(`d${j}`, expr(xs[j]!, [-1, p], n), '=', ball.center[j]!);
      total.add(1, p).add(1, n);
    }
    m.addConstraint('ball', total, '<=', ball.radius);
  }
  const obj = expr(b);
  w.forEach((wj, j) => obj.add(wj, xs[j]!));
  m.setObjective(sense, obj);
  const res = solveModel(highs, m, { keepLog: false, options: { primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 } });
  expect(res.status).toBe('optimal');
  return res.objective!;
}

/** Random points of box ∩ ball (rejection from the ball's bounding cube). */
function samplePoints(region: Region, count: number, seed: number): number[][] {
  const r = rng(seed);
  const d = region.box.lower.length;
  const pts: number[][] = [];
  const ball = region.ball;
  let guard = 0;
  while (pts.length < count && guard++ < count * 200) {
    const x = Array.from({ length: d }, (_, j) => {
      let lo = region.box.lower[j]!;
      let hi = region.box.upper[j]!;
      if (ball) {
        lo = Math.max(lo, ball.center[j]! - ball.radius);
        hi = Math.min(hi, ball.center[j]! + ball.radius);
      }
      // Corners and faces matter most for bounds: push a third of the coordinates to an end.
      const u = r();
      return u < 0.15 ? lo : u > 0.85 ? hi : lo + (hi - lo) * r();
    });
    if (ball && ball.norm === 'l1') {
      let dist = 0;
      for (let j = 0; j < d; j++) dist += Math.abs(x[j]! - ball.center[j]!);
      if (dist > ball.radius) continue;
    }
    pts.push(x);
  }
  return pts;
}

function expectContains(bounds: NetworkBounds, net: ReturnType<typeof randomNet>, points: number[][], tol = 1e-9): void {
  let worst = 0;
  for (const x of points) {
    const trace = traceForward(net, x);
    trace.layers.forEach((layer, k) => {
      layer.pre.forEach((z, i) => {
        worst = Math.max(worst, bounds.layers[k]!.lower[i]! - z, z - bounds.layers[k]!.upper[i]!);
      });
    });
  }
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('first-layer ranges over box ∩ ball', () => {
  it('the L1 knapsack and the L∞ box give the LP optimum exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0.01, max: 4, noNaN: true }),
        fc.constantFrom('l1' as const, 'linf' as const),
        (seed, radius, norm) => {
          const r = rng(seed);
          const d = 6;
          const w = Array.from({ length: d }, () => (r() < 0.2 ? 0 : 4 * r() - 2));
          const b = r() - 0.5;
          const center = Array.from({ length: d }, () => (r() < 0.3 ? 0 : r()));
          const region: Region = { box: unitBox(d), ball: { norm, center, radius } };
          const [lo, hi] = linearRange(w, b, region);
          expect(lo).toBeCloseTo(lpRange(w, b, region, 'min'), 7);
          expect(hi).toBeCloseTo(lpRange(w, b, region, 'max'), 7);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('without a ball it is plain interval arithmetic over the box', () => {
    const [lo, hi] = linearRange([1, -2, 0.5], 0.25, { box: { lower: [0, -1, 2], upper: [1, 1, 4] } });
    expect(lo).toBeCloseTo(0 - 2 + 1 + 0.25, 12);
    expect(hi).toBeCloseTo(1 + 2 + 2 + 0.25, 12);
  });
});

describe('interval and LP bounds', () => {
  const cases: { name: string; region: (d: number) => Region }[] = [
    { name: 'box', region: (d) => ({ box: unitBox(d) }) },
    { name: 'L1 ball', region: (d) => ({ box: unitBox(d), ball: { norm: 'l1', center: new Array(d).fill(0.4), radius: 0.8 } }) },
    { name: 'L∞ ball', region: (d) => ({ box: unitBox(d), ball: { norm: 'linf', center: new Array(d).fill(0.6), radius: 0.2 } }) },
  ];
  for (const c of cases) {
    it(`contain every reachable pre-activation (${c.name}); LP bounds lie inside the interval ones`, () => {
      for (const seed of [1, 2, 3]) {
        const net = randomNet([5, 8, 6, 4], seed);
        const region = c.region(5);
        const interval = intervalBounds(net, region);
        const lp = lpTightenBounds(highs, net, region, interval);
        expect(lp.status).toBe('ok');
        expect(lp.lpSolves).toBeGreaterThan(0);
        const points = samplePoints(region, 400, seed);
        expectContains(interval, net, points);
        expectContains(lp, net, points);
        lp.layers.forEach((layer, k) => {
          layer.lower.forEach((l, i) => {
            expect(l).toBeGreaterThanOrEqual(interval.layers[k]!.lower[i]! - 1e-12);
            expect(layer.upper[i]!).toBeLessThanOrEqual(interval.layers[k]!.upper[i]! + 1e-12);
          });
        });
        expect(lp.stable + lp.unstable).toBe(14);
        expect(lp.tightenedStable).toBe(lp.stable - interval.stable);
        expect(lp.tightenedStable).toBeGreaterThanOrEqual(0);
      }
    });
  }

  it('LP bounds with logit constraints contain every point that meets them', () => {
    const net = randomNet([4, 6, 5, 3], 11);
    const region: Region = { box: unitBox(4) };
    const rows = [{ plus: 1, minus: 0, margin: 0.05 }];
    const lp = computeBounds(highs, net, region, 'lp', { logitRows: rows });
    const points = samplePoints(region, 3000, 5).filter((x) => {
      const o = traceForward(net, x).layers[2]!.pre;
      return o[1]! - o[0]! >= 0.05;
    });
    expect(points.length).toBeGreaterThan(20);
    if (lp.status === 'ok') expectContains(lp, net, points);
  });

  it('an empty region under logit constraints is reported as infeasible', () => {
    // o1 − o0 = −(x0 + 10) can never reach 0.
    const net = {
      layers: [
        { W: [[1, 0], [0, 1]], b: [0, 0], activation: 'relu' as const },
        { W: [[1, 0], [0, 0]], b: [10, 0], activation: 'identity' as const },
      ],
      output: 'identity' as const,
    };
    const b = computeBounds(highs, net, { box: unitBox(2) }, 'lp', { logitRows: [{ plus: 1, minus: 0, margin: 0 }] });
    expect(b.status).toBe('infeasible');
  });

  it("'none' is a valid, very wide box with every neuron unstable", () => {
    const net = randomNet([3, 4, 2], 4);
    const region: Region = { box: unitBox(3) };
    const wide = wideBounds(net, region);
    expect(wide.stable).toBe(0);
    expect(wide.unstable).toBe(4);
    expectContains(wide, net, samplePoints(region, 100, 2));
  });

  it('refuses networks with other hidden activations', () => {
    const net = randomNet([2, 3, 2], 1);
    net.layers[0]!.activation = 'tanh';
    expect(() => intervalBounds(net, { box: unitBox(2) })).toThrow(/tanh/);
  });
});
