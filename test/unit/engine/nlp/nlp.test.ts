import { beforeAll, describe, expect, it } from 'vitest';
import { runAdversarial } from '../../../../src-main/engine/attack/adversarial';
import { solveLocalAttack, sqrtSchedule } from '../../../../src-main/engine/nlp/slp';
import {
  compileNet,
  smoothLogits,
  smoothLogitsAndJacobian,
  smoothSlope,
  smoothValue,
  type Smoothing,
} from '../../../../src-main/engine/nlp/smooth';
import { loadHighs, type Highs } from '../../../../src-main/engine/highs/highs';
import { logits, randomNet, rng } from '../attack/helpers';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

describe('smooth ReLU stand-ins', () => {
  it('sqrt with ε = 0 is the ReLU; ε > 0 overestimates it by at most √ε/2', () => {
    for (const z of [-3, -1e-9, 0, 1e-9, 0.5, 7]) {
      expect(smoothValue({ kind: 'sqrt', epsilon: 0 }, z)).toBe(Math.max(0, z));
      const e = 1e-4;
      const v = smoothValue({ kind: 'sqrt', epsilon: e }, z);
      expect(v).toBeGreaterThanOrEqual(Math.max(0, z));
      expect(v - Math.max(0, z)).toBeLessThanOrEqual(Math.sqrt(e) / 2 + 1e-15);
    }
    // No cancellation far on the negative side.
    expect(smoothValue({ kind: 'sqrt', epsilon: 1e-6 }, -1e6)).toBeGreaterThan(0);
  });

  it('slopes match finite differences', () => {
    const kinds: Smoothing[] = [
      { kind: 'sqrt', epsilon: 1e-2 },
      { kind: 'softplus', beta: 1 },
      { kind: 'softplus', beta: 5 },
    ];
    for (const s of kinds) {
      for (const z of [-2, -0.3, 0, 0.1, 1.7]) {
        const h = 1e-6;
        const fd = (smoothValue(s, z + h) - smoothValue(s, z - h)) / (2 * h);
        expect(smoothSlope(s, z)).toBeCloseTo(fd, 6);
      }
    }
  });

  it('logits and Jacobian of the smoothed network match the forward pass and finite differences', () => {
    const net = randomNet([5, 7, 6, 4], 3);
    const c = compileNet(net);
    const r = rng(9);
    const x = Array.from({ length: 5 }, () => r());
    // ε = 0 is the true network.
    const exact = smoothLogits(c, { kind: 'sqrt', epsilon: 0 }, x);
    logits(net, x).forEach((v, i) => expect(exact[i]).toBeCloseTo(v, 12));
    for (const s of [{ kind: 'sqrt', epsilon: 1e-2 }, { kind: 'softplus', beta: 2 }] as Smoothing[]) {
      const { logits: o, jacobian } = smoothLogitsAndJacobian(c, s, x);
      const h = 1e-6;
      for (let j = 0; j < 5; j++) {
        const up = [...x];
        const down = [...x];
        up[j]! += h;
        down[j]! -= h;
        const a = smoothLogits(c, s, up);
        const b = smoothLogits(c, s, down);
        for (let i = 0; i < 4; i++) expect(jacobian[i * 5 + j]).toBeCloseTo((a[i]! - b[i]!) / (2 * h), 5);
      }
      expect(o.length).toBe(4);
    }
  });
});

describe('trust-region SLP', () => {
  it('on an affine network (a convex problem) it finds the global optimum', () => {
    // No hidden layer: the logits are affine, so the attack is an LP.
    for (const seed of [1, 2, 3]) {
      const net = randomNet([4, 3], seed);
      const r = rng(seed);
      const x0 = Array.from({ length: 4 }, () => r());
      const label = logits(net, x0).indexOf(Math.max(...logits(net, x0)));
      for (const norm of ['l1', 'linf'] as const) {
        const mip = runAdversarial(highs, net, x0, label, { norm, criterion: 'all-others', margin: 0.01 });
        const local = runAdversarial(highs, net, x0, label, { norm, criterion: 'all-others', margin: 0.01, formulation: 'sqrt-relu' });
        if (mip.status === 'infeasible') continue;
        expect(mip.status).toBe('optimal');
        expect(local.status).toBe('local-optimum');
        expect(local.objective!).toBeCloseTo(mip.objective!, 6);
        expect(local.local!.iterations).toBeGreaterThan(0);
      }
    }
  });

  it('reports iterations, trust radius, violation and why it stopped', () => {
    const net = randomNet([2, 4, 3], 5);
    const x0 = [0.3, 0.6];
    const label = 0;
    const rows = [1, 2].map((i) => ({ plus: i, minus: label, margin: 0.01 }));
    const box = { lower: [0, 0], upper: [1, 1] };
    const full = solveLocalAttack(highs, { net, x0, box, norm: 'l1', rows, stages: sqrtSchedule(1e-2) });
    expect(['converged', 'trust-region-collapsed']).toContain(full.stopReason);
    expect(full.trustRadius).toBeGreaterThan(0);
    expect(full.violation).toBeGreaterThanOrEqual(0);
    expect(full.iterations).toBeGreaterThan(0);
    const one = solveLocalAttack(highs, { net, x0, box, norm: 'l1', rows, stages: [{ kind: 'relu' }] }, { maxIterations: 1 });
    expect(one.iterations).toBeLessThanOrEqual(1);
    if (one.stopReason === 'iteration-limit') expect(one.status).toBe('iteration-limit');
    let asked = 0;
    const stopped = solveLocalAttack(highs, { net, x0, box, norm: 'l1', rows, stages: sqrtSchedule(1e-2) }, { shouldStop: () => asked++ > 0 });
    expect(stopped.stopReason).toBe('interrupted');
    expect(stopped.status).toBe('interrupted');
  });

  it('a start that already meets the criterion is kept or improved', () => {
    const net = randomNet([2, 5, 2], 8);
    const x0 = [0.5, 0.5];
    const o = logits(net, x0);
    const label = o[0]! >= o[1]! ? 0 : 1;
    const rows = [{ plus: 1 - label, minus: label, margin: 0 }];
    const res = solveLocalAttack(highs, { net, x0, box: { lower: [0, 0], upper: [1, 1] }, norm: 'linf', rows, stages: [{ kind: 'relu' }] });
    expect(res.objective).toBeGreaterThanOrEqual(0);
    expect(res.x.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
