import { beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../../../../shared/domain/network';
import { generatorParamsSchema } from '../../../../shared/domain/params/generators';
import { generateDataset } from '../../../../src-main/engine/data/generators';
import { expr, MilpModel } from '../../../../src-main/engine/model/model';
import {
  buildSparseTrainModel,
  milpTrainParamsSchema,
  type SparseTrainData,
  type SparseTrainResult,
} from '../../../../src-main/engine/sparse-train/formulation';
import {
  countShapes,
  describeShape,
  fitShape,
  initialCore,
  neuronKinds,
  shapesAtLevel,
  type NeuronKind,
  type SupportSearchProblem,
} from '../../../../src-main/engine/sparse-train/support-search';
import { encodeNetwork, searchesBySupport, trainSparse } from '../../../../src-main/engine/sparse-train/train';
import { forward } from '../../../../src-main/engine/nn/forward';
import { loadHighs, solveModel, type Highs, type SolveProgress } from '../../../../src-main/engine/highs/highs';
import { XOR } from './xor';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** Six points with real-valued (not 0/1) targets: ŷ = 1.5·relu(x1 − x2 + 0.5) − relu(0.7·x2 − 0.4) (three connections fit them). */
const REGRESSION: SparseTrainData = (() => {
  const X = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
    [2, 1],
    [1, 2],
  ];
  return { X, y: X.map(([a, b]) => 1.5 * Math.max(0, a! - b! + 0.5) - Math.max(0, 0.7 * b! - 0.4)) };
})();

function generated(generator: 'noisy-xor' | 'circles', n: number, seed: number, noise: number): SparseTrainData {
  const { X, y } = generateDataset(generatorParamsSchema.parse({ generator, n, noise, seed }));
  return { X, y };
}

const base = { weightBound: 10, biasBound: 10, timeLimit: 60, mipGap: 0 } as const;

/** Connections of a network, counted here: hidden weights with |w| > 1e-9. */
function countConnections(network: Network): number {
  let count = 0;
  for (const row of network.layers[0]!.W) for (const w of row) if (Math.abs(w) > 1e-9) count++;
  return count;
}

/** Does the network fit the data (exact: |ŷ − y| ≤ 1e-6; margin: ŷ ≥ 1 − 1e-6 on class 1, ŷ ≤ 1e-6 on class 0)? By an independent forward pass. */
function expectFits(network: Network, data: SparseTrainData, mode: 'exact' | 'margin') {
  data.X.forEach((x, n) => {
    const yhat = forward(network, x)[0]!;
    const yn = data.y[n]!;
    if (mode === 'exact') expect(Math.abs(yhat - yn), `sample ${n}: ŷ = ${yhat}, y = ${yn}`).toBeLessThanOrEqual(1e-6);
    else if (yn === 1) expect(yhat, `sample ${n} (class 1)`).toBeGreaterThanOrEqual(1 - 1e-6);
    else expect(yhat, `sample ${n} (class 0)`).toBeLessThanOrEqual(1e-6);
  });
}

function fitsNetwork(network: Network, data: SparseTrainData, mode: 'exact' | 'margin'): boolean {
  return data.X.every((x, n) => {
    const yhat = forward(network, x)[0]!;
    const yn = data.y[n]!;
    if (mode === 'exact') return Math.abs(yhat - yn) <= 1e-6;
    return yn === 1 ? yhat >= 1 - 1e-6 : yhat <= 1e-6;
  });
}

function expectSolved(res: SparseTrainResult, data: SparseTrainData, mode: 'exact' | 'margin', strategy: 'by-support' | 'single-milp') {
  expect(res.search.strategy).toBe(strategy);
  expect(res.status, res.message).toBe('optimal');
  expect(res.provenOptimal).toBe(true);
  expect(res.model).not.toBeNull();
  expectFits(res.model!, data, mode);
  expect(res.metrics.connections).toBe(countConnections(res.model!));
  expect(res.metrics.objective).toBe(res.metrics.connections);
}

/** Both strategies on the same problem: same optimal connection count. Returns it. */
function compareStrategies(data: SparseTrainData, mode: 'exact' | 'margin', width: number): number {
  const params = { ...base, mode, width };
  expect(searchesBySupport(milpTrainParamsSchema.parse(params), data.X[0]!.length)).toBe(true);
  const bySupport = trainSparse(highs, data, params);
  const single = trainSparse(highs, data, { ...params, strategy: 'single-milp' });
  expectSolved(bySupport, data, mode, 'by-support');
  expectSolved(single, data, mode, 'single-milp');
  expect(bySupport.metrics.connections, `width ${width}, ${mode}`).toBe(single.metrics.connections);
  return single.metrics.connections!;
}

describe('shape enumeration', () => {
  /** Every non-decreasing tuple of kind indices of length ≤ width, bucketed by its connection count (brute force over all tuples). */
  function bruteForceShapes(kinds: readonly NeuronKind[], width: number): Map<number, string[]> {
    const byLevel = new Map<number, string[]>();
    const K = kinds.length;
    for (let len = 0; len <= width; len++) {
      const total = K ** len;
      for (let code = 0; code < total; code++) {
        const tuple: number[] = [];
        let c = code;
        for (let k = 0; k < len; k++) {
          tuple.push(c % K);
          c = Math.floor(c / K);
        }
        if (tuple.some((v, k) => k > 0 && v < tuple[k - 1]!)) continue;
        const level = tuple.reduce((s, k) => s + kinds[k]!.features.length, 0);
        if (!byLevel.has(level)) byLevel.set(level, []);
        byLevel.get(level)!.push(tuple.join(','));
      }
    }
    return byLevel;
  }

  it('neuronKinds lists every non-empty support with both signs, once', () => {
    for (const d of [1, 2, 3, 4]) {
      const kinds = neuronKinds(d);
      expect(kinds).toHaveLength(2 * (2 ** d - 1));
      const keys = kinds.map((k) => `${k.sign}:${k.features.join(',')}`);
      expect(new Set(keys).size).toBe(kinds.length);
      for (const k of kinds) {
        expect(k.features.length).toBeGreaterThan(0);
        expect(k.features.every((j, i) => j >= 0 && j < d && (i === 0 || j > k.features[i - 1]!))).toBe(true);
      }
    }
  });

  it('shapesAtLevel and countShapes agree with a brute-force count of multisets (d = 1..3, widths 1..4)', () => {
    for (const d of [1, 2, 3]) {
      const kinds = neuronKinds(d);
      for (let width = 1; width <= 4; width++) {
        const brute = bruteForceShapes(kinds, width);
        let total = 0;
        for (let level = 0; level <= width * d; level++) {
          const yielded = [...shapesAtLevel(kinds, level, width)];
          for (const shape of yielded) {
            expect(shape.length).toBeLessThanOrEqual(width);
            expect(shape.every((k, i) => k >= 0 && k < kinds.length && (i === 0 || k >= shape[i - 1]!))).toBe(true);
            expect(shape.reduce((s, k) => s + kinds[k]!.features.length, 0)).toBe(level);
          }
          const keys = yielded.map((s) => s.join(','));
          expect(new Set(keys).size, `d ${d}, width ${width}, level ${level}: duplicates`).toBe(keys.length);
          expect([...keys].sort(), `d ${d}, width ${width}, level ${level}`).toEqual([...(brute.get(level) ?? [])].sort());
          total += yielded.length;
        }
        // Nothing beyond width·d connections.
        expect([...shapesAtLevel(kinds, width * d + 1, width)]).toHaveLength(0);
        // Multisets of size ≤ L from K kinds: Σ_{m ≤ L} C(K + m − 1, m).
        const K = kinds.length;
        let formula = 0;
        for (let m = 0; m <= width; m++) {
          let c = 1;
          for (let i = 1; i <= m; i++) c = (c * (K + i - 1)) / i;
          formula += Math.round(c);
        }
        expect(total).toBe(formula);
        expect(countShapes(d, width), `countShapes(${d}, ${width})`).toBe(total);
        expect(countShapes(d, width, total - 1)).toBe(Infinity);
      }
    }
  });
});

describe('support search against the single MILP', () => {
  it('XOR exact, widths 2, 3, 4: both find 4 connections', () => {
    for (const width of [2, 3, 4]) expect(compareStrategies(XOR, 'exact', width)).toBe(4);
  });

  it('noisy-xor with 8 points, margin mode, widths 2 and 3, seeds 1..3', () => {
    for (const seed of [1, 2, 3]) {
      const data = generated('noisy-xor', 8, seed, 0.1);
      for (const width of [2, 3]) compareStrategies(data, 'margin', width);
    }
  });

  it('circles with 8 points, margin mode, widths 2 and 3, seeds 1..3', () => {
    for (const seed of [1, 2, 3]) {
      const data = generated('circles', 8, seed, 0.1);
      for (const width of [2, 3]) compareStrategies(data, 'margin', width);
    }
  });

  it('six points with real-valued targets, exact mode, widths 2 and 3', () => {
    for (const width of [2, 3]) {
      const optimum = compareStrategies(REGRESSION, 'exact', width);
      // The generating network has 3 connections; the targets change along x1 and along x2, so at least 2.
      expect(optimum).toBeLessThanOrEqual(3);
      expect(optimum).toBeGreaterThanOrEqual(2);
    }
  });

  it('XOR width 1 exact: infeasible, found by the support search, explained by width', () => {
    const res = trainSparse(highs, XOR, { ...base, mode: 'exact', width: 1 });
    expect(res.search.strategy).toBe('by-support');
    expect(res.status).toBe('infeasible');
    expect(res.model).toBeNull();
    expect(res.provenOptimal).toBe(false);
    expect(res.message).toMatch(/width 1/i);
  });
});

/** A plain MILP for "does a network of this shape fit?": one activation binary per neuron and sample, no extra rows. */
function plainShapeFeasible(problem: SupportSearchProblem, shape: readonly NeuronKind[]): boolean {
  const { X, y, width } = problem;
  const Bw = problem.weightBound;
  const Bb = problem.biasBound;
  const m = new MilpModel('plain_shape');
  // Neurons without connections output sign·relu(b) with |b| ≤ B_b: together any constant in ±(L − m)·B_b.
  const spare = width - shape.length;
  const c = spare > 0 ? m.addVar({ name: 'c', lb: -spare * Bb, ub: spare * Bb }) : null;
  const outputs = X.map(() => (c ? expr(c) : expr()));
  shape.forEach((kind, i) => {
    const w = kind.features.map((j) => m.addVar({ name: `w${i}_${j}`, lb: -Bw, ub: Bw }));
    const b = m.addVar({ name: `b${i}`, lb: -Bb, ub: Bb });
    X.forEach((x, n) => {
      const M = Bw * kind.features.reduce((s, j) => s + Math.abs(x[j]!), 0) + Bb;
      const z = m.addVar({ name: `z${i}_${n}`, type: 'binary' });
      const p = m.addVar({ name: `p${i}_${n}`, ub: M });
      const q = m.addVar({ name: `q${i}_${n}`, ub: M });
      const pre = expr(b, [-1, p], q);
      kind.features.forEach((j, k) => pre.add(x[j]!, w[k]!));
      m.addConstraint(undefined, pre, '=', 0);
      m.addConstraint(undefined, expr(p, [M, z]), '<=', M);
      m.addConstraint(undefined, expr(q, [-M, z]), '<=', 0);
      outputs[n]!.add(kind.sign, p);
    });
  });
  outputs.forEach((out, n) => {
    if (problem.mode === 'exact') m.addConstraint(undefined, out, '=', y[n]!);
    else if (y[n] === 1) m.addConstraint(undefined, out, '>=', 1);
    else m.addConstraint(undefined, out, '<=', 0);
  });
  m.minimize(expr());
  const solved = solveModel(highs, m, { timeLimit: 30, mipGap: 0, keepLog: false });
  if (solved.status !== 'optimal' && solved.status !== 'infeasible') throw new Error(`plain shape model: ${solved.status}`);
  return solved.status === 'optimal';
}

describe('fitShape', () => {
  const kind = (features: number[], sign: 1 | -1) =>
    neuronKinds(2).find((k) => k.sign === sign && k.features.join(',') === features.join(','))!;
  const xorProblem: SupportSearchProblem = { X: XOR.X, y: XOR.y, mode: 'exact', width: 2, weightBound: 10, biasBound: 10 };
  const context = (problem: SupportSearchProblem) => ({ core: initialCore(problem), deadline: performance.now() + 30_000 });

  it('XOR: +{x1,x2} +{x1,x2} fits (checked by a forward pass), +{x1,x2} +{x1} is refuted', () => {
    const two = [kind([0, 1], 1), kind([0, 1], 1)];
    expect(describeShape(two)).toBe('+{x1,x2} +{x1,x2}');
    const fits = fitShape(highs, xorProblem, two, context(xorProblem));
    expect(fits.status).toBe('fits');
    if (fits.status !== 'fits') return;
    expectFits(fits.network, XOR, 'exact');
    expect(countConnections(fits.network)).toBeLessThanOrEqual(4);
    expect(fits.network.layers[0]!.W).toHaveLength(2);

    const three = [kind([0, 1], 1), kind([0], 1)];
    expect(describeShape(three)).toBe('+{x1,x2} +{x1}');
    expect(fitShape(highs, xorProblem, three, context(xorProblem)).status).toBe('refuted');
    expect(plainShapeFeasible(xorProblem, three)).toBe(false);
  });

  it('a refutation on a subset of the samples holds on the full set, and a fit found on a subset fits every sample', () => {
    // Every shape of width ≤ 2 up to the optimum level, on data where the sample subset matters.
    const cases: { name: string; problem: SupportSearchProblem }[] = [
      { name: 'XOR exact', problem: xorProblem },
      { name: 'regression exact', problem: { X: REGRESSION.X, y: REGRESSION.y, mode: 'exact', width: 2, weightBound: 10, biasBound: 10 } },
      ...[1, 2].map((seed) => {
        const data = generated('noisy-xor', 8, seed, 0.1);
        return { name: `noisy-xor seed ${seed} margin`, problem: { X: data.X, y: data.y, mode: 'margin' as const, width: 2, weightBound: 10, biasBound: 10 } };
      }),
      (() => {
        const data = generated('circles', 8, 1, 0.1);
        return { name: 'circles seed 1 margin', problem: { X: data.X, y: data.y, mode: 'margin' as const, width: 2, weightBound: 10, biasBound: 10 } };
      })(),
    ];
    const kinds = neuronKinds(2);
    let refutedOnSubset = 0;
    for (const { name, problem } of cases) {
      const data = { X: problem.X, y: problem.y };
      for (let level = 0; level <= 4; level++) {
        for (const indices of shapesAtLevel(kinds, level, problem.width)) {
          const shape = indices.map((k) => kinds[k]!);
          const ctx = context(problem);
          const verdict = fitShape(highs, problem, shape, ctx);
          const plain = plainShapeFeasible(problem, shape);
          const label = `${name}: ${describeShape(shape)}`;
          expect(verdict.status === 'fits' || verdict.status === 'refuted', label).toBe(true);
          expect(verdict.status === 'fits', label).toBe(plain);
          if (verdict.status === 'fits') {
            expectFits(verdict.network, data, problem.mode);
            expect(countConnections(verdict.network), label).toBeLessThanOrEqual(level);
          } else if (ctx.core.length < problem.X.length) refutedOnSubset++;
        }
      }
    }
    // Some refutations really came from a strict subset of the samples (otherwise this test shows nothing).
    expect(refutedOnSubset).toBeGreaterThan(0);
  });
});

describe('encodeNetwork', () => {
  function checkEncoding(data: SparseTrainData, params: Record<string, unknown>) {
    const res = trainSparse(highs, data, params);
    expect(res.status).toBe('optimal');
    const core = buildSparseTrainModel(data, { ...params, symmetryBreaking: false, tightening: false });
    const x = encodeNetwork(core, res.model!, data);
    expect(x).toHaveLength(core.model.numVars);
    expect(core.model.maxViolation(x).violation).toBeLessThanOrEqual(1e-6);
    expect(core.model.objectiveValue(x)).toBeCloseTo(res.metrics.connections!, 9);

    // Flip the output weights (ŷ becomes −ŷ): the network no longer fits, and some row of the model says so.
    const bad: Network = JSON.parse(JSON.stringify(res.model));
    bad.layers[1]!.W[0] = bad.layers[1]!.W[0]!.map((v) => -v);
    expect(fitsNetwork(bad, data, params.mode as 'exact' | 'margin')).toBe(false);
    expect(core.model.maxViolation(encodeNetwork(core, bad, data)).violation).toBeGreaterThan(1e-3);
  }

  it('a network from trainSparse satisfies every row of the model, a network that does not fit breaks one', () => {
    checkEncoding(XOR, { ...base, mode: 'exact', width: 3 });
    checkEncoding(REGRESSION, { ...base, mode: 'exact', width: 3 });
    checkEncoding(generated('noisy-xor', 8, 2, 0.1), { ...base, mode: 'margin', width: 3 });
    checkEncoding(generated('circles', 8, 3, 0.1), { ...base, mode: 'margin', width: 2 });
  });
});

describe('limits and progress in the support search', () => {
  const hard = generated('circles', 32, 2, 0.2);

  it('a 0.5 s time limit ends with status time-limit within 5 s', () => {
    const params = { ...base, mode: 'margin', width: 4, timeLimit: 0.5 } as const;
    expect(searchesBySupport(milpTrainParamsSchema.parse(params), 2)).toBe(true);
    const t0 = performance.now();
    const res = trainSparse(highs, hard, params);
    expect((performance.now() - t0) / 1000).toBeLessThan(5);
    expect(res.search.strategy).toBe('by-support');
    expect(res.status, res.message).toBe('time-limit');
    expect(res.provenOptimal).toBe(false);
    if (res.model) {
      expectFits(res.model, hard, 'margin');
      expect(res.metrics.connections).toBe(countConnections(res.model));
    }
    if (res.metrics.bound !== undefined && res.metrics.objective !== undefined) {
      expect(res.metrics.bound).toBeLessThanOrEqual(res.metrics.objective);
    }
  });

  it('shouldStop returning true interrupts at once', () => {
    const t0 = performance.now();
    const res = trainSparse(highs, hard, { ...base, mode: 'margin', width: 4 }, { shouldStop: () => true });
    expect((performance.now() - t0) / 1000).toBeLessThan(5);
    expect(res.search.strategy).toBe('by-support');
    expect(res.status).toBe('interrupted');
    expect(res.provenOptimal).toBe(false);
    if (res.model) expectFits(res.model, hard, 'margin');
  });

  it('progress: dual bounds never decrease, never exceed the optimum, and the final event carries the optimum', () => {
    const data = generated('noisy-xor', 12, 4, 0.1);
    const params = { ...base, mode: 'margin', width: 3 } as const;
    const single = trainSparse(highs, data, { ...params, strategy: 'single-milp' });
    expect(single.status).toBe('optimal');
    const optimum = single.metrics.connections!;

    const events: SolveProgress[] = [];
    const res = trainSparse(highs, data, params, { onProgress: (p) => events.push(p) });
    expectSolved(res, data, 'margin', 'by-support');
    expect(res.metrics.connections).toBe(optimum);
    expect(events.length).toBeGreaterThan(0);
    for (let k = 1; k < events.length; k++) {
      expect(events[k]!.dual!).toBeGreaterThanOrEqual(events[k - 1]!.dual!);
      expect(events[k]!.elapsedMs).toBeGreaterThanOrEqual(events[k - 1]!.elapsedMs);
    }
    for (const e of events) {
      expect(e.dual).not.toBeNull();
      expect(e.dual!).toBeLessThanOrEqual(optimum);
    }
    const last = events.at(-1)!;
    expect(last.kind).toBe('final');
    expect(last.primal).toBe(optimum);
    expect(last.dual).toBe(optimum);
    expect(last.gap).toBe(0);
  });
});
