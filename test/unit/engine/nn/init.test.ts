import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initLayer, initSpecSchema, normalStd, uniformLimit, type InitSpec } from '../../../../src-main/engine/nn/init';
import { NumpyRandomState } from '../../../../src-main/engine/nn/rng';

type Matrix = number[][];
const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/numpy/rng_reference.json', import.meta.url), 'utf8')) as {
  init: Record<string, Record<string, Matrix | number[]>>;
};
const xorRun1 = JSON.parse(readFileSync(new URL('../../../fixtures/numpy/xor_relu_sgd.json', import.meta.url), 'utf8')) as {
  initial: { W1: Matrix; W2: Matrix };
};
const xorRun2 = JSON.parse(readFileSync(new URL('../../../fixtures/numpy/xor_leaky_relu_he.json', import.meta.url), 'utf8')) as {
  initial: { W1: Matrix; W2: Matrix };
};

function draw(rng: NumpyRandomState, spec: InitSpec, fanIn: number, fanOut: number, bias = false) {
  const W = new Float64Array(fanIn * fanOut);
  const b = bias ? new Float64Array(fanOut) : null;
  initLayer(spec, fanIn, fanOut, rng, W, b);
  const rows: Matrix = [];
  for (let o = 0; o < fanOut; o++) rows.push([...W.subarray(o * fanIn, (o + 1) * fanIn)]);
  return { W: rows, b: b ? [...b] : null };
}

function expectBits(actual: unknown, expected: unknown): void {
  // JSON carries every double exactly (shortest round-trip form); toEqual uses Object.is on numbers.
  expect(actual).toEqual(expected);
}

describe('initialisers against numpy', () => {
  it('he normal, pytorch (W then b), glorot uniform: one generator, layer by layer', () => {
    const ref = fixture.init.he_normal_pytorch_glorot_uniform!;
    const rng = new NumpyRandomState(7);
    expectBits(draw(rng, { dist: 'normal', std: 'he' }, 4, 3).W, ref.W1);
    const l2 = draw(rng, { dist: 'pytorch' }, 3, 5, true);
    expectBits(l2.W, ref.W2);
    expectBits(l2.b, ref.b2);
    expectBits(draw(rng, { dist: 'uniform', limit: 'glorot' }, 5, 2).W, ref.W3);
  });

  it('glorot normal, he uniform, numeric std', () => {
    const ref = fixture.init.glorot_normal_he_uniform_numeric!;
    const rng = new NumpyRandomState(11);
    expectBits(draw(rng, { dist: 'normal', std: 'glorot' }, 4, 3).W, ref.W1);
    expectBits(draw(rng, { dist: 'uniform', limit: 'he' }, 3, 5).W, ref.W2);
    expectBits(draw(rng, { dist: 'normal', std: 0.25 }, 5, 2).W, ref.W3);
  });

  it('the initial weights of the two numpy XOR programs', () => {
    let rng = new NumpyRandomState(0);
    expectBits(draw(rng, { dist: 'normal', std: 1 }, 2, 2, true).W, xorRun1.initial.W1);
    expectBits(draw(rng, { dist: 'normal', std: 1 }, 2, 1).W, xorRun1.initial.W2);
    rng = new NumpyRandomState(0);
    expectBits(draw(rng, { dist: 'normal', std: 'he' }, 2, 2, true).W, xorRun2.initial.W1);
    expectBits(draw(rng, { dist: 'normal', std: 0.1 }, 2, 1).W, xorRun2.initial.W2);
  });

  it('zeros, and biases stay zero unless the initialiser draws them', () => {
    const rng = new NumpyRandomState(0);
    const z = draw(rng, { dist: 'zeros' }, 3, 2, true);
    expect(z.W.flat().every((v) => v === 0)).toBe(true);
    expect(z.b).toEqual([0, 0]);
    expect(rng.nextUint32()).toBe(new NumpyRandomState(0).nextUint32()); // zeros draws nothing
    const n = draw(new NumpyRandomState(1), { dist: 'normal', std: 1 }, 3, 2, true);
    expect(n.b).toEqual([0, 0]);
  });

  it('scales and bounds', () => {
    expect(normalStd('he', 8, 3)).toBeCloseTo(0.5, 15);
    expect(normalStd('glorot', 3, 5)).toBeCloseTo(0.5, 15);
    expect(uniformLimit('he', 6, 1)).toBe(1);
    expect(uniformLimit('glorot', 2, 4)).toBe(1);
    const p = draw(new NumpyRandomState(3), { dist: 'pytorch' }, 16, 50, true);
    for (const v of [...p.W.flat(), ...p.b!]) expect(Math.abs(v)).toBeLessThanOrEqual(0.25);
  });

  it('schema accepts the spec forms and rejects others', () => {
    for (const ok of [{ dist: 'zeros' }, { dist: 'normal', std: 1 }, { dist: 'normal', std: 'he' }, { dist: 'uniform', limit: 'glorot' }, { dist: 'pytorch' }]) {
      expect(initSpecSchema.safeParse(ok).success).toBe(true);
    }
    for (const bad of [{ dist: 'normal' }, { dist: 'normal', std: -1 }, { dist: 'uniform', limit: 'xavier' }, { dist: 'gamma' }, { dist: 'normal', std: 1, mean: 2 }]) {
      expect(initSpecSchema.safeParse(bad).success).toBe(false);
    }
  });
});
