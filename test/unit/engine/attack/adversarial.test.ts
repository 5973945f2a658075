import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleNetworks } from '../../../../shared/domain/methods';
import type { Network } from '../../../../shared/domain/network';
import {
  adversarialParamsSchema,
  buildAttackModel,
  runAdversarial,
  type AdversarialOptionsInput,
  type AdversarialResult,
} from '../../../../src-main/engine/attack/adversarial';
import { intervalBounds, unitBox } from '../../../../src-main/engine/bounds/bounds';
import { loadHighs, type Highs } from '../../../../src-main/engine/highs/highs';
import { argmax, bruteForceOptimum, gridUpperBound, logits, randomNet, rng, spreadNet, type Criterion, type Norm } from './helpers';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const TOL = 1e-6;

function close(a: number, b: number, tol = TOL): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

function attack(net: Network, x0: number[], label: number, opts: AdversarialOptionsInput): AdversarialResult {
  const res = runAdversarial(highs, net, x0, label, { timeLimit: 30, ...opts });
  if (res.status === 'error') throw new Error(res.message);
  return res;
}

describe('params', () => {
  it("accepts the issue's spec exactly, with defaults for everything else", () => {
    const spec = {
      network: 'r_123',
      sample: 0,
      split: 'test',
      norm: 'l1',
      criterion: 'all-others',
      margin: 0.01,
      formulation: 'mip',
      tightening: 'lp',
      timeLimit: 120,
    };
    const p = adversarialParamsSchema.parse(spec);
    expect(p.network).toBe('r_123');
    expect(p.radius).toBe('auto');
    expect(adversarialParamsSchema.parse({ ...spec, criterion: { target: 3 }, formulation: 'softplus', beta: 5 }).beta).toBe(5);
    expect(adversarialParamsSchema.safeParse({ ...spec, bogus: 1 }).success).toBe(false);
    expect(adversarialParamsSchema.safeParse({ ...spec, input: [0.1, 0.2] }).success).toBe(false);
    expect(adversarialParamsSchema.safeParse({ network: 'r', input: [0.1, 0.2], label: 1 }).success).toBe(true);
    expect(adversarialParamsSchema.safeParse({ ...spec, norm: 'l2' }).success).toBe(false);
  });

  it('the engine ignores the run-level fields and reports bad options as errors', () => {
    const net = exampleNetworks['xor-abs'].network;
    const ok = runAdversarial(highs, net, [0.5, 0.5], 0, { network: 'r_1', sample: 3, split: 'test', margin: 0.01 });
    expect(ok.status).toBe('optimal');
    const bad = runAdversarial(highs, net, [0.5, 0.5], 0, { margin: 0.01, norm: 'l3' } as unknown as AdversarialOptionsInput);
    expect(bad.status).toBe('error');
    expect(bad.message).toMatch(/norm/);
    expect(runAdversarial(highs, net, [0.5], 0, {}).status).toBe('error');
    expect(runAdversarial(highs, net, [0.5, 1.5], 0, {}).message).toMatch(/outside the box/);
    expect(runAdversarial(highs, net, [0.5, 0.5], 0, { criterion: { target: 0 } }).message).toMatch(/own label/);
  });
});

describe('hand-made XOR net (|x₁ − x₂|, class 1 when ≥ 0.5)', () => {
  const net = exampleNetworks['xor-abs'].network;
  it('known optima: L1 0.51 and L∞ 0.255 from (0.5, 0.5); L1 0.51 from the corner (0, 0)', () => {
    const cases: [number[], Norm, number][] = [
      [[0.5, 0.5], 'l1', 0.51],
      [[0.5, 0.5], 'linf', 0.255],
      [[0, 0], 'l1', 0.51],
      [[0, 0], 'linf', 0.51],
    ];
    for (const [x0, norm, expected] of cases) {
      for (const tightening of ['none', 'interval', 'lp'] as const) {
        const res = attack(net, x0, 0, { norm, margin: 0.01, tightening });
        expect(res.status).toBe('optimal');
        expect(res.objective!).toBeCloseTo(expected, 6);
        expect(res.witness!.valid).toBe(true);
        expect(res.witness!.predicted).toBe(1);
        expect(res.witness!.margin).toBeGreaterThanOrEqual(0.01 - 1e-6);
      }
      expect(bruteForceOptimum(highs, net, x0, 0, 'all-others', 0.01, norm)).toBeCloseTo(expected, 7);
      expect(gridUpperBound(net, x0, 0, 'all-others', 0.01, norm, 100)).toBeGreaterThanOrEqual(expected - 1e-9);
    }
  });

  it('a sample already past the criterion needs no change', () => {
    const res = attack(net, [0.9, 0.1], 0, { margin: 0.01 });
    expect(res.status).toBe('optimal');
    expect(res.objective).toBe(0);
    expect(res.witness!.valid).toBe(true);
  });

  it('an unreachable margin is infeasible', () => {
    // |x₁ − x₂| ≤ 1 < 0.5 + 0.6.
    const res = attack(net, [0.5, 0.5], 0, { margin: 0.6, tightening: 'interval' });
    expect(res.status).toBe('infeasible');
    expect(res.x).toBeNull();
    expect(bruteForceOptimum(highs, net, [0.5, 0.5], 0, 'all-others', 0.6, 'l1')).toBe(Infinity);
  });
});

/** Nets and inputs for the exhaustive comparisons. */
function cases(): { net: Network; x0: number[]; label: number; name: string }[] {
  const out = [];
  for (const [sizes, seed] of [
    [[2, 4, 3], 8],
    [[2, 3, 3, 3], 1],
    [[2, 4, 4, 3], 34],
  ] as const) {
    const net = spreadNet(sizes, seed);
    const r = rng(seed * 31);
    const x0 = [r(), r()];
    out.push({ net, x0, label: argmax(logits(net, x0)), name: `${sizes.join('-')} seed ${seed}` });
  }
  return out;
}

describe('MIP optimum against brute force (activation patterns, one LP each) on 2-D nets', () => {
  for (const c of cases()) {
    const K = c.net.layers[c.net.layers.length - 1]!.W.length;
    const criteria: Criterion[] = ['all-others', 'any', { target: (c.label + 1) % K }];
    for (const norm of ['l1', 'linf'] as Norm[]) {
      it(`${c.name}, ${norm}`, () => {
        let attacks = 0;
        for (const criterion of criteria) {
          const exact = bruteForceOptimum(highs, c.net, c.x0, c.label, criterion, 0.05, norm);
          const res = attack(c.net, c.x0, c.label, { norm, criterion, margin: 0.05 });
          if (exact === Infinity) {
            expect(res.status).toBe('infeasible');
            continue;
          }
          attacks++;
          expect(res.status).toBe('optimal');
          expect(close(res.objective!, exact)).toBe(true);
          expect(res.witness!.valid).toBe(true);
          expect(gridUpperBound(c.net, c.x0, c.label, criterion, 0.05, norm, 60)).toBeGreaterThanOrEqual(exact - 1e-9);
          // Every way of getting there gives the same optimum.
          const variants: AdversarialOptionsInput[] = [
            { tightening: 'none', radius: 'none' },
            { tightening: 'interval', radius: 'none' },
            { tightening: 'lp', tightenWithCriterion: true },
          ];
          if (norm === 'l1') variants.push({ mipStart: false, compact: false });
          if (criterion === 'any') variants.push({ anyStrategy: 'binary' }, { anyStrategy: 'per-target' });
          for (const v of variants) {
            const other = attack(c.net, c.x0, c.label, { norm, criterion, margin: 0.05, ...v });
            expect(other.status).toBe('optimal');
            expect(close(other.objective!, exact)).toBe(true);
            expect(other.witness!.valid).toBe(true);
          }
        }
        expect(attacks).toBeGreaterThanOrEqual(2);
      });
    }
  }
});

describe('bounds and local answers around the MIP optimum', () => {
  it('LP bound ≤ MIP optimum ≤ every local answer whose witness is valid', () => {
    for (const c of cases()) {
      for (const norm of ['l1', 'linf'] as Norm[]) {
        for (const criterion of ['all-others', 'any'] as Criterion[]) {
          const mip = attack(c.net, c.x0, c.label, { norm, criterion, margin: 0.05 });
          if (mip.status === 'infeasible') continue;
          expect(mip.status).toBe('optimal');
          expect(mip.bound!).toBeLessThanOrEqual(mip.objective! + 1e-9);
          expect(mip.gap).toBe(0);
          for (const tightening of ['interval', 'lp'] as const) {
            for (const radius of ['none', 'auto'] as const) {
              const lp = attack(c.net, c.x0, c.label, { norm, criterion, margin: 0.05, formulation: 'lp-relaxation', tightening, radius });
              if (lp.status === 'infeasible') continue;
              expect(lp.status).toBe('optimal');
              expect(lp.bound!).toBeLessThanOrEqual(mip.objective! + 1e-7);
              expect(lp.binaries).toBe(0);
            }
          }
          for (const formulation of ['sqrt-relu', 'softplus'] as const) {
            for (const beta of [1, 5]) {
              const local = attack(c.net, c.x0, c.label, { norm, criterion, margin: 0.05, formulation, beta });
              expect(local.bound).toBeNull();
              expect(local.local).not.toBeNull();
              expect(local.x).not.toBeNull();
              // A valid witness may miss m by up to the witness tolerance (1e-6), hence the slack.
              if (local.witness!.valid) expect(local.objective!).toBeGreaterThanOrEqual(mip.objective! - 1e-5);
            }
          }
        }
      }
    }
  });

  it('property: on random small nets the MIP equals brute force, its witness is valid, and LP ≤ MIP ≤ valid local answers', () => {
    const seen = { feasible: 0, infeasible: 0, positive: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom([3], [4], [2, 2], [3, 2]),
        fc.constantFrom(2, 3),
        fc.constantFrom('l1' as const, 'linf' as const),
        fc.constantFrom('all-others', 'any', 'target'),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (seed, hidden, K, norm, kind, margin) => {
          const net = spreadNet([2, ...hidden, K], seed);
          const r = rng(seed + 1);
          const x0 = [r(), r()];
          const label = argmax(logits(net, x0));
          const criterion: Criterion = kind === 'target' ? { target: (label + 1) % K } : (kind as Criterion);
          const exact = bruteForceOptimum(highs, net, x0, label, criterion, margin, norm);
          const mip = attack(net, x0, label, { norm, criterion, margin });
          if (exact === Infinity) {
            seen.infeasible++;
            expect(mip.status).toBe('infeasible');
            return;
          }
          seen.feasible++;
          if (exact > 1e-6) seen.positive++;
          expect(mip.status).toBe('optimal');
          expect(close(mip.objective!, exact)).toBe(true);
          expect(mip.witness!.valid).toBe(true);
          const lp = attack(net, x0, label, { norm, criterion, margin, formulation: 'lp-relaxation' });
          if (lp.status === 'optimal') expect(lp.bound!).toBeLessThanOrEqual(exact + 1e-7);
          const local = attack(net, x0, label, { norm, criterion, margin, formulation: 'sqrt-relu' });
          if (local.witness?.valid) expect(local.objective!).toBeGreaterThanOrEqual(exact - 1e-5);
        },
      ),
      { numRuns: 30 },
    );
    // Enough runs must be real attacks, not impossible ones.
    expect(seen.positive).toBeGreaterThanOrEqual(6);
  });
});

describe('model details', () => {
  it('stable neurons get no binary; the start vector built from a feasible input is feasible', () => {
    const net = randomNet([2, 6, 5, 3], 3);
    const x0 = [0.2, 0.7];
    const region = { box: unitBox(2), ball: { norm: 'l1' as const, center: x0, radius: 0.3 } };
    const b = intervalBounds(net, region);
    const label = argmax(logits(net, x0));
    const rows = [0, 1, 2].filter((i) => i !== label).map((i) => ({ plus: i, minus: label, margin: -100 }));
    const built = buildAttackModel({ net, x0, box: region.box, norm: 'l1', bounds: b.layers, criterion: { kind: 'rows', rows }, radius: 0.3 });
    expect(built.binaries).toBe(b.unstable);
    expect(built.stable + built.unstable).toBe(11);
    const x = [0.3, 0.6];
    const start = built.startFor(net, x);
    expect(built.model.maxViolation(start).violation).toBeLessThan(1e-9);
    expect(built.inputOf(start)).toEqual(x);
  });

  it('single-output nets are attacked through their threshold, with a sigmoid head at logit 0', () => {
    const net: Network = {
      layers: [
        { W: [[1, 1]], b: [-1], activation: 'relu' },
        { W: [[2]], b: [-0.5], activation: 'identity' },
      ],
      output: 'sigmoid',
    };
    // logit = 2·relu(x₁ + x₂ − 1) − 0.5 ≥ 0.01 needs x₁ + x₂ ≥ 1.255.
    const res = attack(net, [0.5, 0.5], 0, { margin: 0.01 });
    expect(res.status).toBe('optimal');
    expect(res.objective!).toBeCloseTo(0.255, 6);
    expect(res.witness!.predicted).toBe(1);
  });

  it('honours the time limit and stop requests', () => {
    const net = randomNet([2, 8, 8, 4], 17, 1.5);
    const x0 = [0.4, 0.4];
    const label = argmax(logits(net, x0));
    let calls = 0;
    const stopped = runAdversarial(highs, net, x0, label, { radius: 'none', tightening: 'none' }, { shouldStop: () => calls++ > 2 });
    expect(['interrupted', 'optimal', 'infeasible']).toContain(stopped.status);
    const progress: string[] = [];
    const res = runAdversarial(highs, net, x0, label, { timeLimit: 5 }, { onProgress: (p) => progress.push(p.phase) });
    expect(['optimal', 'infeasible']).toContain(res.status);
    expect(progress.length).toBeGreaterThan(0);
  });
});
