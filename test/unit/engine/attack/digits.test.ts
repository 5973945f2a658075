import { beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../../../../shared/domain/network';
import { runAdversarial, type AdversarialOptionsInput } from '../../../../src-main/engine/attack/adversarial';
import { loadHighs, type Highs } from '../../../../src-main/engine/highs/highs';
import { trainDigitsNet } from './helpers';

/**
 * The preset: the 64-32-16-10 digits net, test sample 0, all-others,
 * L1, margin 0.01, with every formulation; and 'any' with both strategies.
 * (The plain model's 5–35 s per sample are left to the benchmark.)
 */
let highs: Highs;
let net: Network;
let testX: number[][];
let testY: number[];

beforeAll(async () => {
  highs = await loadHighs();
  ({ net, testX, testY } = trainDigitsNet());
});

const preset: AdversarialOptionsInput = { norm: 'l1', criterion: 'all-others', margin: 0.01, timeLimit: 60 };

describe('digits net, test sample 0', () => {
  it('MIP (LP bounds over the ball of a local attack, MIP start): proven optimum, valid witness, same as other configurations', () => {
    const best = runAdversarial(highs, net, testX[0]!, testY[0]!, preset);
    expect(best.status).toBe('optimal');
    expect(best.gap!).toBeLessThanOrEqual(1e-6);
    expect(best.witness!.valid).toBe(true);
    expect(best.witness!.predicted).not.toBe(testY[0]);
    expect(best.radius.source).toBe('local');
    expect(best.local).not.toBeNull();
    expect(best.binaries).toBeLessThan(best.stableNeurons! + best.unstableNeurons!);
    expect(best.stableNeurons! + best.unstableNeurons!).toBe(48);
    expect(best.x!.every((v) => v >= 0 && v <= 1)).toBe(true);
    // Interval bounds over the same ball, no start: the same optimum.
    const other = runAdversarial(highs, net, testX[0]!, testY[0]!, { ...preset, tightening: 'interval', mipStart: false });
    expect(other.status).toBe('optimal');
    expect(Math.abs(other.objective! - best.objective!)).toBeLessThanOrEqual(1e-6 * best.objective!);
    // The LP relaxation bounds it from below; the local answers, when valid, from above.
    const lp = runAdversarial(highs, net, testX[0]!, testY[0]!, { ...preset, formulation: 'lp-relaxation', radius: 'none' });
    expect(lp.status).toBe('optimal');
    expect(lp.bound!).toBeLessThanOrEqual(best.objective! + 1e-7);
    for (const local of [
      { formulation: 'sqrt-relu' as const },
      { formulation: 'softplus' as const, beta: 1 },
      { formulation: 'softplus' as const, beta: 5 },
    ]) {
      const res = runAdversarial(highs, net, testX[0]!, testY[0]!, { ...preset, ...local });
      expect(res.x).not.toBeNull();
      expect(res.local!.iterations).toBeGreaterThan(0);
      expect(res.witness).not.toBeNull();
      if (res.witness!.valid) expect(res.objective!).toBeGreaterThanOrEqual(best.objective! - 1e-5);
    }
  });

  it("'any' (sample 1): both strategies give the same proven optimum", () => {
    const binary = runAdversarial(highs, net, testX[1]!, testY[1]!, { ...preset, criterion: 'any', anyStrategy: 'binary' });
    const perTarget = runAdversarial(highs, net, testX[1]!, testY[1]!, { ...preset, criterion: 'any', anyStrategy: 'per-target' });
    for (const res of [binary, perTarget]) {
      expect(res.status).toBe('optimal');
      expect(res.witness!.valid).toBe(true);
      expect(res.witness!.predicted).not.toBe(testY[1]);
    }
    expect(binary.anyStrategy).toBe('binary');
    expect(perTarget.anyStrategy).toBe('per-target');
    expect(perTarget.targets.length).toBe(9);
    expect(Math.abs(binary.objective! - perTarget.objective!)).toBeLessThanOrEqual(1e-6 * binary.objective!);
    expect(binary.message).toMatch(/one binary per class/);
  });
});
