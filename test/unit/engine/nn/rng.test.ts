import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logCorrectlyRounded, NumpyRandomState } from '../../../../src-main/engine/nn/rng';

interface RngCase {
  seed: number;
  uint32: number[];
  random_sample: number[];
  randn: number[];
  permutation100: number[];
  uniform: number[];
  randint: Record<'0_10' | 'm5_7' | '0_1000003' | '0_2p40', number[]>;
  interleaved: number[];
  reseed_clears_cache: number;
  shuffle10: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/numpy/rng_reference.json', import.meta.url), 'utf8')) as {
  cases: RngCase[];
  log: { x: number[]; correctly_rounded: number[]; libm: number[] };
};

/** Bit-for-bit equality of doubles (Object.is also separates 0 and -0). */
function expectBits(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (!Object.is(a, expected[i])) throw new Error(`index ${i}: got ${a}, numpy gave ${expected[i]}`);
  });
}

function draw(n: number, f: () => number): number[] {
  return Array.from({ length: n }, f);
}

describe('NumpyRandomState against numpy legacy RandomState', () => {
  it('covers the seeds the brief asks for', () => {
    expect(fixture.cases.map((c) => c.seed)).toEqual(expect.arrayContaining([0, 1, 42, 2 ** 31 - 1]));
  });

  for (const c of fixture.cases) {
    describe(`seed ${c.seed}`, () => {
      it('raw 32-bit outputs (init_genrand seeding)', () => {
        const rs = new NumpyRandomState(c.seed);
        expect(draw(c.uint32.length, () => rs.nextUint32())).toEqual(c.uint32);
      });

      it('first 20 random_sample', () => {
        const rs = new NumpyRandomState(c.seed);
        expectBits(draw(20, () => rs.randomSample()), c.random_sample);
      });

      it('first 21 randn (odd count: the cached second value)', () => {
        const rs = new NumpyRandomState(c.seed);
        expectBits(draw(21, () => rs.standardNormal()), c.randn);
      });

      it('permutation(100) and shuffle(arange(10))', () => {
        expect(new NumpyRandomState(c.seed).permutation(100)).toEqual(c.permutation100);
        const a = Int32Array.from({ length: 10 }, (_, i) => i);
        new NumpyRandomState(c.seed).shuffle(a);
        expect([...a]).toEqual(c.shuffle10);
      });

      it('uniform(-0.5, 2.0)', () => {
        const rs = new NumpyRandomState(c.seed);
        expectBits(draw(7, () => rs.uniform(-0.5, 2.0)), c.uniform);
      });

      it('randint on small, odd and 64-bit ranges (one generator, in sequence)', () => {
        const rs = new NumpyRandomState(c.seed);
        expect(draw(15, () => rs.randint(0, 10))).toEqual(c.randint['0_10']);
        expect(draw(15, () => rs.randint(-5, 7))).toEqual(c.randint.m5_7);
        expect(draw(10, () => rs.randint(0, 1000003))).toEqual(c.randint['0_1000003']);
        expect(draw(6, () => rs.randint(0, 2 ** 40))).toEqual(c.randint['0_2p40']);
      });

      it('the cached Gaussian survives random_sample; normal(loc, scale)', () => {
        const rs = new NumpyRandomState(c.seed);
        const seq = [
          ...draw(3, () => rs.standardNormal()),
          ...draw(2, () => rs.randomSample()),
          ...draw(2, () => rs.standardNormal()),
          ...draw(3, () => rs.normal(1.5, 0.25)),
        ];
        expectBits(seq, c.interleaved);
      });

      it('seed() clears the cached Gaussian', () => {
        const rs = new NumpyRandomState(c.seed);
        rs.standardNormal();
        rs.seed(c.seed);
        expectBits([rs.standardNormal()], [c.reseed_clears_cache]);
      });
    });
  }

  it('logCorrectlyRounded is correctly rounded (and so matches the C library on these arguments)', () => {
    const { x, correctly_rounded: cr, libm } = fixture.log;
    expectBits(x.map(logCorrectlyRounded), cr);
    let sameAsLibm = 0;
    x.forEach((v, i) => (sameAsLibm += Object.is(logCorrectlyRounded(v), libm[i]) ? 1 : 0));
    expect(sameAsLibm).toBeGreaterThanOrEqual(x.length - 2);
    expect(logCorrectlyRounded(0)).toBe(-Infinity);
    expect(logCorrectlyRounded(Infinity)).toBe(Infinity);
    expect(Number.isNaN(logCorrectlyRounded(-1))).toBe(true);
  });

  it('rejects seeds numpy rejects', () => {
    expect(() => new NumpyRandomState(-1)).toThrow(RangeError);
    expect(() => new NumpyRandomState(2 ** 32)).toThrow(RangeError);
    expect(() => new NumpyRandomState(1.5)).toThrow(RangeError);
  });
});
