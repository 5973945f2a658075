import { beforeAll, describe, expect, it } from 'vitest';
import {
  assessSolution,
  buildSparseTrainModel,
  explainOutputWeights,
  milpTrainParamsSchema,
  zeroNetworkStart,
  type SparseTrainData,
  type SparseTrainResult,
} from '../../../../src-main/engine/sparse-train/formulation';
import { trainSparse } from '../../../../src-main/engine/sparse-train/train';
import { forward } from '../../../../src-main/engine/nn/forward';
import { loadHighs, solveModel, type Highs, type SolveProgress } from '../../../../src-main/engine/highs/highs';
import { XOR } from './xor';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** Deterministic noisy XOR: the four corners, each shifted by a small pseudo-random offset. */
function noisyXor(N: number, seed = 1, noise = 0.1): SparseTrainData {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const X: number[][] = [];
  const y: number[] = [];
  for (let n = 0; n < N; n++) {
    const a = n % 2;
    const b = (n >> 1) % 2;
    X.push([a + noise * (2 * rand() - 1), b + noise * (2 * rand() - 1)].map((v) => Math.round(v * 1000) / 1000));
    y.push(a ^ b);
  }
  return { X, y };
}

const issueParams = { width: 2, weightBound: 10, biasBound: 10, mode: 'exact', timeLimit: 60, mipGap: 0 } as const;

function expectVerifiedFit(res: SparseTrainResult, data: SparseTrainData) {
  expect(res.model).not.toBeNull();
  for (let n = 0; n < data.X.length; n++) {
    expect(Math.abs(forward(res.model!, data.X[n]!)[0]! - data.y[n]!)).toBeLessThanOrEqual(1e-6);
  }
  expect(res.metrics.maxResidual!).toBeLessThanOrEqual(1e-6);
  expect(res.metrics.accuracy).toBe(1);
}

describe('milp-train parameters', () => {
  it('accepts the spec of the issue exactly as written, with defaults for the optional fields', () => {
    const parsed = milpTrainParamsSchema.parse(JSON.parse(JSON.stringify(issueParams)));
    expect(parsed).toMatchObject({ ...issueParams, symmetryBreaking: true, outputBound: 1, tightening: true });
    expect(milpTrainParamsSchema.parse({ ...issueParams, mode: 'l1', lambda: 0.5 }).lambda).toBe(0.5);
    expect(() => milpTrainParamsSchema.parse({ ...issueParams, widht: 3 })).toThrow();
    expect(() => milpTrainParamsSchema.parse({ ...issueParams, mode: 'fast' })).toThrow();
    expect(() => milpTrainParamsSchema.parse({ ...issueParams, width: 0 })).toThrow();
  });

  it('reports bad data as status error instead of throwing', () => {
    const res = trainSparse(highs, { X: [[0], [1]], y: [0, 0.5] }, { ...issueParams, mode: 'margin' });
    expect(res.status).toBe('error');
    expect(res.message).toMatch(/labels 0 and 1/);
    expect(trainSparse(highs, { X: [[0], [1, 2]], y: [0, 1] }, issueParams).status).toBe('error');
  });
});

describe('sparse exact training on XOR', () => {
  it('width 2: optimal with 4 connections, verified by a forward pass', () => {
    const progress: SolveProgress[] = [];
    const res = trainSparse(highs, XOR, issueParams, { onProgress: (p) => progress.push(p) });
    expect(res.status).toBe('optimal');
    expect(res.provenOptimal).toBe(true);
    expect(res.metrics.objective).toBeCloseTo(4, 6);
    expect(res.metrics.bound).toBeCloseTo(4, 6);
    expect(res.metrics.gap).toBeCloseTo(0, 9);
    expect(res.metrics.connections).toBe(4);
    expectVerifiedFit(res, XOR);
    // Shape of the returned network: relu hidden layer, identity output with v in {−1, 0, 1}.
    const [hidden, out] = res.model!.layers;
    expect(hidden!.activation).toBe('relu');
    expect(hidden!.W).toHaveLength(2);
    expect(out!.activation).toBe('identity');
    expect(out!.b).toEqual([0]);
    for (const v of out!.W[0]!) expect([-1, 0, 1]).toContain(v);
    expect(res.outputWeights).toEqual(out!.W[0]);
    // Activation pattern: neuron × sample, and consistent with the pre-activations.
    expect(res.activationPattern).toHaveLength(2);
    res.activationPattern!.forEach((row, i) => {
      expect(row).toHaveLength(4);
      row.forEach((active, n) => {
        const pre = hidden!.W[i]!.reduce((s, w, j) => s + w * XOR.X[n]![j]!, hidden!.b[i]!);
        expect(active).toBe(pre > 0);
      });
    });
    expect(progress.at(-1)).toMatchObject({ kind: 'final', primal: res.metrics.objective });
    expect(res.message).toMatch(/Optimal: 4 connections/);
  });

  it('width 3: still 4 connections', () => {
    const res = trainSparse(highs, XOR, { ...issueParams, width: 3 });
    expect(res.status).toBe('optimal');
    expect(res.metrics.connections).toBe(4);
    expectVerifiedFit(res, XOR);
  });

  it('width 1: infeasible, explained in words', () => {
    const res = trainSparse(highs, XOR, { ...issueParams, width: 1 });
    expect(res.status).toBe('infeasible');
    expect(res.model).toBeNull();
    expect(res.provenOptimal).toBe(false);
    expect(res.message).toMatch(/width 1/i);
    expect(res.message).toMatch(/too small/);
  });

  it('too tight bounds: infeasible, and says which bounds would do', () => {
    const res = trainSparse(highs, XOR, { ...issueParams, weightBound: 0.1, biasBound: 0.1 });
    expect(res.status).toBe('infeasible');
    expect(res.message).toMatch(/bounds are too tight/);
    expect(res.message).toMatch(/\|w\| ≤ [0-9.]+ and \|b\| ≤ [0-9.]+/);
  });

  it('conflicting samples: infeasible, naming them', () => {
    const res = trainSparse(highs, { X: [[0], [1], [0]], y: [0, 1, 1] }, issueParams);
    expect(res.status).toBe('infeasible');
    expect(res.message).toMatch(/Samples 1 and 3 have the same input/);
  });

  it('continuous output bound B_v: the MILP uses B_w·B_v and B_b·B_v', () => {
    const res = trainSparse(highs, XOR, { ...issueParams, weightBound: 5, biasBound: 5, outputBound: 2 });
    expect(res.effectiveWeightBound).toBe(10);
    expect(res.effectiveBiasBound).toBe(10);
    expect(res.status).toBe('optimal');
    expect(res.metrics.connections).toBe(4);
  });

  it('the plain formulation (global M, no symmetry breaking) reaches the same optimum', () => {
    for (const width of [2, 3]) {
      const plain = trainSparse(highs, XOR, { ...issueParams, width }, { plain: true });
      expect(plain.formulation).toBe('plain');
      expect(plain.status).toBe('optimal');
      expect(plain.metrics.connections).toBe(4);
      expectVerifiedFit(plain, XOR);
    }
    const plainModel = buildSparseTrainModel(XOR, issueParams, { plain: true });
    expect(new Set(plainModel.bigM)).toEqual(new Set([2 * 10 + 10]));
    expect(buildSparseTrainModel(XOR, issueParams).bigM).toEqual([10, 20, 20, 30]);
  });

  it('a network that does not fit is marked verification-failed, never optimal', () => {
    const built = buildSparseTrainModel(XOR, issueParams);
    const solved = solveModel(highs, built.model, { mipGap: 0 });
    expect(solved.status).toBe('optimal');
    const good = assessSolution(built, XOR, solved);
    expect(good.status).toBe('optimal');
    // Nudge one used weight by 1e-3: the forward pass must catch it.
    const x = Float64Array.from(solved.x!);
    const used = built.vars.w.flat().find((w) => Math.abs(x[w.index]!) > 1e-6)!;
    x[used.index] = x[used.index]! + 1e-3;
    const bad = assessSolution(built, XOR, { ...solved, x });
    expect(bad.status).toBe('verification-failed');
    expect(bad.provenOptimal).toBe(false);
    expect(bad.metrics.maxResidual!).toBeGreaterThan(1e-6);
    expect(bad.message).toMatch(/does not fit/);
  });

  it('the model exported as LP and MPS text reads back into HiGHS with the same optimum', () => {
    const built = buildSparseTrainModel(XOR, issueParams);
    for (const [format, data] of [
      ['lp', built.model.toLpText()],
      ['mps', new TextEncoder().encode(built.model.toMpsText('free'))],
    ] as const) {
      const model = highs.createModel({ format, data });
      try {
        model.options.set({ output_flag: false, mip_rel_gap: 0 });
        model.run();
        expect(model.getModelStatus()).toBe(highs.constants.modelStatus.optimal);
        expect(model.getObjectiveValue()).toBeCloseTo(4, 6);
        expect(model.getDimensions().numCols).toBe(built.model.numVars);
      } finally {
        model.dispose();
      }
    }
  });
});

describe('margin and l1 modes on 8 noisy-XOR points', () => {
  const data = noisyXor(8);

  it('margin: separates the classes with ŷ ≥ 1 / ŷ ≤ 0, same optimum as the plain formulation', () => {
    const res = trainSparse(highs, data, { ...issueParams, width: 2, mode: 'margin' });
    expect(res.status).toBe('optimal');
    expect(res.metrics.accuracy).toBe(1);
    expect(res.metrics.maxMarginViolation!).toBeLessThanOrEqual(1e-6);
    data.X.forEach((x, n) => {
      const yhat = forward(res.model!, x)[0]!;
      if (data.y[n] === 1) expect(yhat).toBeGreaterThanOrEqual(1 - 1e-6);
      else expect(yhat).toBeLessThanOrEqual(1e-6);
    });
    const plain = trainSparse(highs, data, { ...issueParams, width: 2, mode: 'margin' }, { plain: true });
    expect(plain.status).toBe('optimal');
    expect(plain.metrics.connections).toBe(res.metrics.connections);
    // Noisy XOR is still XOR: one neuron or one input is not enough.
    expect(res.metrics.connections).toBeGreaterThanOrEqual(3);
  });

  it('l1: the objective is Σ|ŷ − y| + λ·connections of the returned network', () => {
    const lambda = 0.05;
    const res = trainSparse(highs, data, { ...issueParams, width: 2, mode: 'l1', lambda });
    expect(res.status).toBe('optimal');
    expect(res.metrics.objective!).toBeCloseTo(res.metrics.l1Error! + lambda * res.metrics.connections!, 6);
    const plain = trainSparse(highs, data, { ...issueParams, width: 2, mode: 'l1', lambda }, { plain: true });
    expect(plain.metrics.objective!).toBeCloseTo(res.metrics.objective!, 6);
  });

  it('l1 with a large λ: no connections at all, a constant fit', () => {
    const res = trainSparse(highs, data, { ...issueParams, width: 2, mode: 'l1', lambda: 10 });
    expect(res.status).toBe('optimal');
    expect(res.metrics.connections).toBe(0);
    // Four 0s and four 1s: any constant in [0, 1] has Σ|ŷ − y| = 4.
    expect(res.metrics.objective!).toBeCloseTo(4, 6);
  });
});

describe('limits and cancellation', () => {
  const hard = noisyXor(32, 5, 0.2);

  it('a 0.5 s time limit ends with status time-limit and keeps the incumbent when there is one', () => {
    const t0 = performance.now();
    const res = trainSparse(highs, hard, { ...issueParams, width: 4, mode: 'l1', lambda: 0.01, timeLimit: 0.5 });
    expect((performance.now() - t0) / 1000).toBeLessThan(5);
    expect(res.status).toBe('time-limit');
    // l1 mode always has an incumbent (the all-zero network is feasible).
    expect(res.model).not.toBeNull();
    expect(res.provenOptimal).toBe(false);
    expect(res.metrics.gap).toBeGreaterThan(0);
    expect(res.message).toMatch(/not proven optimal/);

    // As one MILP: the support search proves this case within the limit on a fast day (its own time-limit test is in support-search.test.ts).
    const margin = trainSparse(highs, hard, { ...issueParams, width: 4, mode: 'margin', timeLimit: 0.5, strategy: 'single-milp' });
    expect(margin.status).toBe('time-limit');
    if (margin.model) {
      expect(margin.metrics.maxMarginViolation!).toBeLessThanOrEqual(1e-6);
      expect(margin.message).toMatch(/not proven optimal/);
    } else {
      expect(margin.message).toMatch(/before any network was found/);
    }
  });

  it('shouldStop interrupts the solve and keeps the best network so far', () => {
    const t0 = performance.now();
    let firstIncumbent: number | null = null;
    const res = trainSparse(highs, hard, { ...issueParams, width: 4, mode: 'l1', lambda: 0.01 }, {
      onProgress: (p) => {
        if (p.primal !== null && firstIncumbent === null) firstIncumbent = performance.now();
      },
      // Cancel shortly after the first network has been found.
      shouldStop: () => firstIncumbent !== null && performance.now() - firstIncumbent > 100,
    });
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(res.status).toBe('interrupted');
    expect(res.model).not.toBeNull();
    expect(res.provenOptimal).toBe(false);
    expect(res.message).toMatch(/^Stopped: the best network found so far/);

    const immediate = trainSparse(highs, hard, { ...issueParams, width: 4, mode: 'margin' }, { shouldStop: () => true });
    expect(immediate.status).toBe('interrupted');
    if (immediate.model === null) expect(immediate.message).toMatch(/Stopped before any network was found/);
  });
});

describe('solve times against the plain formulation', () => {
  it('prints XOR widths 2, 3, 4 (same optimum, both formulations)', { timeout: 300_000 }, () => {
    trainSparse(highs, XOR, { ...issueParams, width: 3 }); // warm up the WebAssembly tiers
    trainSparse(highs, XOR, { ...issueParams, width: 3 }, { plain: true });
    const rows: string[] = [];
    for (const width of [2, 3, 4]) {
      const wall: Record<string, number> = {};
      const cpu: Record<string, number> = {};
      for (const plain of [false, true]) {
        const key = plain ? 'plain' : 'tight';
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const res = trainSparse(highs, XOR, { ...issueParams, width, timeLimit: 120 }, { plain });
        wall[key] = (performance.now() - t0) / 1000;
        const c = process.cpuUsage(c0);
        cpu[key] = (c.user + c.system) / 1e6;
        expect(res.status).toBe('optimal');
        expect(res.metrics.objective).toBe(4);
        expect(res.metrics.connections).toBe(4);
      }
      rows.push(
        `XOR width ${width}: tight ${wall.tight!.toFixed(2)} s (cpu ${cpu.tight!.toFixed(2)} s), ` +
          `plain ${wall.plain!.toFixed(2)} s (cpu ${cpu.plain!.toFixed(2)} s), ` +
          `speed-up ${(cpu.plain! / cpu.tight!).toFixed(1)}× in cpu time`,
      );
    }
    console.log(`milp-train solve times (this machine, one HiGHS seed):\n${rows.join('\n')}`);
  });
});

describe('l1 starting point', () => {
  it('the all-zero network is feasible for the l1 model', () => {
    const data = noisyXor(12, 3);
    for (const plain of [false, true]) {
      const built = buildSparseTrainModel(data, { ...issueParams, width: 3, mode: 'l1' }, { plain });
      const start = zeroNetworkStart(built, data);
      expect(built.model.maxViolation(start).violation).toBe(0);
      expect(built.model.objectiveValue(start)).toBeCloseTo(data.y.reduce((s, v) => s + Math.abs(v), 0), 9);
    }
  });
});

describe('output weights explanation', () => {
  it('names the corresponding bounds', () => {
    const text = explainOutputWeights({ weightBound: 10, biasBound: 5, outputBound: 2 });
    expect(text).toMatch(/B_w·B_v = 20/);
    expect(text).toMatch(/B_b·B_v = 10/);
  });
});
