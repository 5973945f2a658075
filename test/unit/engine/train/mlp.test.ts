import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { networkSchema, type Network } from '../../../../shared/domain/network';
import { forward } from '../../../../src-main/engine/nn/forward';
import { expAccurate } from '../../../../src-main/engine/nn/losses';
import { NumpyRandomState } from '../../../../src-main/engine/nn/rng';
import {
  accuracyOf,
  mlpObjective,
  mlpParamsSchema,
  trainMlp,
  type MlpOptions,
  type MlpParamsInput,
} from '../../../../src-main/engine/train/mlp';

type Matrix = number[][];
interface XorFixture {
  program: string;
  spec: MlpParamsInput;
  initial: { W1: Matrix; b1: number[]; W2: Matrix };
  final: { W1: Matrix; b1: number[]; W2: Matrix };
  epochs_run: number;
  loss: number;
  yhat: number[];
  accuracy: number;
  seconds: number;
  cpu_seconds: number;
}

const fixture = (name: string): XorFixture =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/numpy/${name}.json`, import.meta.url), 'utf8')) as XorFixture;

const XOR = { X: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] };
const engines: NonNullable<MlpOptions['engine']>[] = ['compiled', 'loops'];

/** |a − b| ≤ tol·|b| for every weight (tol relative; exact zeros must stay exact). */
function maxRelativeError(net: Network, ref: XorFixture['final']): number {
  const got = [net.layers[0]!.W.flat(), net.layers[0]!.b, net.layers[1]!.W.flat()].flat();
  const want = [ref.W1.flat(), ref.b1, ref.W2.flat()].flat();
  expect(got.length).toBe(want.length);
  let worst = 0;
  got.forEach((g, i) => {
    const w = want[i]!;
    const err = w === 0 ? Math.abs(g) / 1e-300 : Math.abs(g - w) / Math.abs(w);
    worst = Math.max(worst, err);
  });
  return worst;
}

function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('the numpy XOR programs (test/fixtures/numpy/*.py)', () => {
  const cases = ['xor_relu_sgd', 'xor_leaky_relu_he', 'xor_leaky_relu_he_seed6_stop1e-3'];
  for (const name of cases) {
    for (const engine of engines) {
      it(`${name} (${engine}): final weights agree to 1e-9 relative, same epochs`, () => {
        const fx = fixture(name);
        const result = trainMlp(XOR, fx.spec, {}, { engine });
        expect(result.status).toBe('completed');
        expect(result.epochs).toBe(fx.epochs_run);
        expect(result.stoppedEarly).toBe(fx.epochs_run < (fx.spec.epochs as number));
        expect(maxRelativeError(result.network, fx.final)).toBeLessThan(1e-9);
        expect(Math.abs(result.loss - fx.loss)).toBeLessThanOrEqual(1e-9 * Math.abs(fx.loss));
        expect(result.accuracy).toBe(fx.accuracy);
        // forward() of the returned network is what the trainer (and numpy) predicted.
        XOR.X.forEach((x, n) => expect(forward(result.network, x)[0]).toBeCloseTo(fx.yhat[n]!, 9));
      });
    }
  }

  it('the early-stop fixture stops before updating once the loss is below stopLoss', () => {
    const fx = fixture('xor_leaky_relu_he_seed6_stop1e-3');
    const stopped = trainMlp(XOR, fx.spec);
    expect(stopped.stoppedEarly).toBe(true);
    expect(stopped.loss).toBeLessThan(1e-3);
    // Same weights as a run of exactly that many epochs without stopLoss, whose loss is below it too,
    const { stopLoss: _drop, ...noStop } = fx.spec as MlpParamsInput & { stopLoss?: number };
    const exact = trainMlp(XOR, { ...noStop, epochs: stopped.epochs });
    expect(exact.network).toEqual(stopped.network);
    // while one epoch fewer is still at or above it.
    expect(trainMlp(XOR, { ...noStop, epochs: stopped.epochs - 1 }).loss).toBeGreaterThanOrEqual(1e-3);
  });

  it('is much faster than numpy (timings printed)', () => {
    const lines: string[] = [];
    for (const name of ['xor_relu_sgd', 'xor_leaky_relu_he']) {
      const fx = fixture(name);
      const cold = cpuMs(() => trainMlp(XOR, fx.spec));
      let best = Infinity;
      for (let k = 0; k < 3; k++) best = Math.min(best, cpuMs(() => trainMlp(XOR, fx.spec)));
      const speedup = (fx.cpu_seconds * 1000) / best;
      lines.push(
        `${name}: TS ${best.toFixed(1)} ms CPU warm (first call ${cold.toFixed(1)} ms), numpy ${(fx.cpu_seconds * 1000).toFixed(0)} ms CPU ` +
          `(recorded in the fixture) → ${speedup.toFixed(0)}×; ${((best * 1e6) / fx.epochs_run).toFixed(0)} ns/epoch`,
      );
      // A loose floor against regressions; the benchmark checks the 100× goal beside numpy itself.
      expect(speedup).toBeGreaterThan(10);
    }
    console.log(lines.join('\n'));
  });
});

describe('params schema', () => {
  it('accepts the issue spec exactly as written', () => {
    const spec = JSON.parse(
      '{"layers":[{"units":2,"activation":"relu","bias":true,"init":{"dist":"normal","std":1}},{"units":1,"activation":"sigmoid","bias":false,"init":{"dist":"normal","std":1}}],"loss":"bce","optimizer":{"name":"sgd","lr":0.1},"epochs":10000,"rng":{"kind":"numpy","seed":0}}',
    ) as unknown;
    const parsed = mlpParamsSchema.parse(spec);
    expect(parsed.optimizer).toEqual({ name: 'sgd', lr: 0.1, momentum: 0 });
    expect(parsed.weightDecay).toBe(0);
    expect(parsed.stopLoss).toBeUndefined();
    expect(mlpParamsSchema.safeParse(fixture('xor_leaky_relu_he').spec).success).toBe(true);
  });

  it('rejects inconsistent specs', () => {
    const base = fixture('xor_relu_sgd').spec as Record<string, unknown> & { layers: Record<string, unknown>[] };
    const bad: unknown[] = [
      { ...base, layers: [{ ...base.layers[0], activation: 'softmax' }, base.layers[1]] }, // softmax in a hidden layer
      { ...base, layers: [base.layers[0], { ...base.layers[1], units: 2 }] }, // bce with 2 outputs
      { ...base, loss: 'cross_entropy' }, // cross-entropy with 1 output
      { ...base, optimizer: { name: 'sgd' } }, // no lr
      { ...base, stop_loss: 1e-7 }, // a typo is not silently ignored
      { ...base, rng: { kind: 'numpy', seed: -1 } },
      { ...base, epochs: 1.5 },
    ];
    for (const spec of bad) expect(mlpParamsSchema.safeParse(spec).success).toBe(false);
  });

  it('the trained network is the shared form, with the sigmoid as head', () => {
    const result = trainMlp(XOR, { ...fixture('xor_relu_sgd').spec, epochs: 5 });
    expect(() => networkSchema.parse(result.network)).not.toThrow();
    expect(result.network.output).toBe('sigmoid');
    expect(result.network.layers.map((l) => l.activation)).toEqual(['relu', 'identity']);
    expect(result.network.layers[1]!.b).toEqual([0]);
  });
});

// ---------------------------------------------------------------- gradients

/** A small regression/classification problem drawn from the numpy generator. */
function problem(n: number, d: number, classes: number, seed: number) {
  const rng = new NumpyRandomState(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.uniform(-1.5, 1.5)));
  const y = Array.from({ length: n }, () => (classes > 0 ? rng.randint(0, classes) : rng.normal(0, 1)));
  return { X, y };
}

/** The mean loss of a network computed independently from forward(). */
function referenceLoss(net: Network, X: number[][], y: number[], loss: 'bce' | 'mse' | 'cross_entropy'): number {
  let total = 0;
  X.forEach((x, n) => {
    const out = forward(net, x);
    const t = y[n]!;
    if (loss === 'bce') total += -(t * Math.log(out[0]!) + (1 - t) * Math.log(1 - out[0]!));
    else if (loss === 'cross_entropy') total += -Math.log(out[t]!);
    else if (out.length === 1) total += (out[0]! - t) ** 2;
    else total += out.reduce((s, v, j) => s + (v - (j === t ? 1 : 0)) ** 2, 0) / out.length;
  });
  return total / X.length;
}

function perturbed(net: Network, l: number, o: number, i: number | 'b', h: number): Network {
  const copy = structuredClone(net);
  const layer = copy.layers[l]!;
  if (i === 'b') layer.b[o] = layer.b[o]! + h;
  else layer.W[o]![i] = layer.W[o]![i]! + h;
  return copy;
}

interface GradCase {
  name: string;
  hidden: { activation: string; alpha?: number; beta?: number }[];
  last: { units: number; activation: string; bias?: boolean; beta?: number };
  loss: 'bce' | 'mse' | 'cross_entropy';
  classes: number; // 0 = real-valued targets
  weightDecay?: number;
}

const gradCases: GradCase[] = [
  { name: 'relu → sigmoid head, bce', hidden: [{ activation: 'relu' }], last: { units: 1, activation: 'sigmoid' }, loss: 'bce', classes: 2 },
  { name: 'leaky_relu → identity last + bce (sigmoid head)', hidden: [{ activation: 'leaky_relu', alpha: 0.2 }], last: { units: 1, activation: 'identity' }, loss: 'bce', classes: 2 },
  { name: 'tanh, sigmoid → tanh last + bce (sigmoid over tanh)', hidden: [{ activation: 'tanh' }, { activation: 'sigmoid' }], last: { units: 1, activation: 'tanh' }, loss: 'bce', classes: 2 },
  { name: 'softplus(β=2) → identity, mse regression', hidden: [{ activation: 'softplus', beta: 2 }], last: { units: 1, activation: 'identity' }, loss: 'mse', classes: 0 },
  { name: 'identity, relu → sigmoid last, mse one-hot (3 outputs)', hidden: [{ activation: 'identity' }, { activation: 'relu' }], last: { units: 3, activation: 'sigmoid' }, loss: 'mse', classes: 3 },
  { name: 'tanh → softmax head, cross-entropy', hidden: [{ activation: 'tanh' }], last: { units: 3, activation: 'softmax' }, loss: 'cross_entropy', classes: 3 },
  { name: 'leaky_relu → softplus last + cross-entropy, no output bias', hidden: [{ activation: 'leaky_relu', alpha: 0.05 }], last: { units: 4, activation: 'softplus', bias: false, beta: 1.5 }, loss: 'cross_entropy', classes: 4 },
  { name: 'sigmoid → identity, mse, weight decay', hidden: [{ activation: 'sigmoid' }], last: { units: 1, activation: 'identity' }, loss: 'mse', classes: 0, weightDecay: 0.3 },
];

describe('gradients against central finite differences', () => {
  for (const c of gradCases) {
    for (const engine of engines) {
      it(`${c.name} (${engine})`, () => {
        const data = problem(7, 3, c.classes, 5);
        const params: MlpParamsInput = {
          layers: [
            ...c.hidden.map((h) => ({ units: 4, ...h, init: { dist: 'normal', std: 0.9 } }) as MlpParamsInput['layers'][number]),
            { ...c.last, init: { dist: 'normal', std: 0.7 } } as MlpParamsInput['layers'][number],
          ],
          loss: c.loss,
          optimizer: { name: 'sgd', lr: 0.1 },
          epochs: 0,
          weightDecay: c.weightDecay ?? 0,
          rng: { kind: 'numpy', seed: 3 },
        };
        // Start from non-zero biases so that they matter.
        const start = mlpObjective(data, params, undefined, { engine }).network;
        start.layers.forEach((layer, l) => layer.b.forEach((_, o) => (layer.b[o] = params.layers[l]!.bias === false ? 0 : 0.1 * (o + 1) - 0.15)));
        const analytic = mlpObjective(data, params, start, { engine });

        const objective = (net: Network): number => {
          const wd = c.weightDecay ?? 0;
          const penalty = net.layers.reduce((s, layer) => s + layer.W.flat().reduce((t, w) => t + 0.5 * wd * w * w, 0), 0);
          return referenceLoss(net, data.X, data.y, c.loss) + penalty;
        };
        expect(analytic.loss).toBeCloseTo(objective(start), 12);

        const h = 1e-6;
        let checked = 0;
        start.layers.forEach((layer, l) => {
          layer.W.forEach((row, o) => {
            row.forEach((_, i) => {
              const fd = (objective(perturbed(start, l, o, i, h)) - objective(perturbed(start, l, o, i, -h))) / (2 * h);
              expect(Math.abs(analytic.gradW[l]![o]![i]! - fd)).toBeLessThan(1e-7 + 1e-6 * Math.abs(fd));
              checked++;
            });
            if (params.layers[l]!.bias !== false) {
              const fd = (objective(perturbed(start, l, o, 'b', h)) - objective(perturbed(start, l, o, 'b', -h))) / (2 * h);
              expect(Math.abs(analytic.gradB[l]![o]! - fd)).toBeLessThan(1e-7 + 1e-6 * Math.abs(fd));
              checked++;
            } else {
              expect(analytic.gradB[l]![o]).toBe(0);
            }
          });
        });
        expect(checked).toBeGreaterThan(10);
      });
    }
  }

  it('the compiled kernel and the generic loops compute the same numbers', () => {
    for (const c of gradCases) {
      const data = problem(9, 3, c.classes, 8);
      const params: MlpParamsInput = {
        layers: [...c.hidden.map((h) => ({ units: 3, ...h }) as MlpParamsInput['layers'][number]), c.last as MlpParamsInput['layers'][number]],
        loss: c.loss,
        optimizer: { name: 'adam', lr: 0.05 },
        epochs: 40,
        batchSize: 4,
        weightDecay: c.weightDecay ?? 0.01,
        rng: { kind: 'numpy', seed: 1 },
      };
      const a = trainMlp(data, params, {}, { engine: 'compiled' });
      const b = trainMlp(data, params, {}, { engine: 'loops' });
      expect(a.network).toEqual(b.network);
      expect(a.history).toEqual(b.history);
    }
  });
});

// ---------------------------------------------------------------- behaviour

describe('trainer behaviour', () => {
  it('a huge learning rate ends with status diverged', () => {
    const data = problem(20, 2, 0, 2);
    for (const engine of engines) {
      const result = trainMlp(
        data,
        {
          layers: [{ units: 4, activation: 'relu' }, { units: 1, activation: 'identity' }],
          loss: 'mse',
          optimizer: { name: 'sgd', lr: 1e6 },
          epochs: 1000,
        },
        {},
        { engine },
      );
      expect(result.status).toBe('diverged');
      expect(result.epochs).toBeLessThan(1000);
      expect(Number.isFinite(result.loss)).toBe(false);
    }
  });

  it('shouldStop cancels the run at the next epoch', () => {
    let polls = 0;
    const result = trainMlp(XOR, { ...fixture('xor_relu_sgd').spec, epochs: 100_000 }, { shouldStop: () => ++polls > 50 });
    expect(result.status).toBe('cancelled');
    expect(result.epochs).toBe(50);
    expect(Number.isFinite(result.loss)).toBe(true);
  });

  it('progress is decimated, always ends with the final point, and matches the history', () => {
    const calls: [number, number, number][] = [];
    const result = trainMlp(XOR, fixture('xor_relu_sgd').spec, { onProgress: (e, l, a) => calls.push([e, l, a]) });
    expect(calls.length).toBeGreaterThan(100);
    expect(calls.length).toBeLessThanOrEqual(302);
    expect(calls[0]![0]).toBe(0);
    expect(calls.at(-1)).toEqual([10_000, result.loss, result.accuracy]);
    expect(result.history.epoch.length).toBe(calls.length);
    expect(result.history.epoch.at(-1)).toBe(10_000);
    expect(result.history.loss[0]).toBeCloseTo(0.9194739572977719, 12); // numpy's loss at epoch 0
  });

  it('mini-batch training (Adam, and SGD with momentum) with per-epoch shuffles decreases the loss', () => {
    // Two interleaved half-moons.
    const rng = new NumpyRandomState(4);
    const X: number[][] = [];
    const y: number[] = [];
    for (let n = 0; n < 200; n++) {
      const t = Math.PI * rng.randomSample();
      const cls = n % 2;
      X.push(cls === 0 ? [Math.cos(t) + rng.normal(0, 0.1), Math.sin(t) + rng.normal(0, 0.1)] : [1 - Math.cos(t) + rng.normal(0, 0.1), 0.5 - Math.sin(t) + rng.normal(0, 0.1)]);
      y.push(cls);
    }
    for (const optimizer of [{ name: 'adam', lr: 0.02 } as const, { name: 'sgd', lr: 0.1, momentum: 0.9 } as const]) {
      const result = trainMlp(
        { X, y },
        {
          layers: [{ units: 16, activation: 'relu', init: { dist: 'normal', std: 'he' } }, { units: 16, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
          loss: 'bce',
          optimizer,
          epochs: 150,
          batchSize: 32,
          rng: { kind: 'numpy', seed: 0 },
        },
      );
      expect(result.status).toBe('completed');
      expect(result.steps).toBe(150 * 7);
      expect(result.loss).toBeLessThan(0.5 * result.history.loss[0]!);
      expect(result.accuracy).toBeGreaterThan(0.95);
      expect(accuracyOf(result.network, X, y)).toBe(result.accuracy);
    }
  });

  it("forward() of the returned network reproduces the trainer's own loss", () => {
    const data = problem(30, 3, 3, 9);
    const result = trainMlp(data, {
      layers: [{ units: 5, activation: 'softplus', beta: 3 }, { units: 3, activation: 'identity' }],
      loss: 'cross_entropy',
      optimizer: { name: 'adam', lr: 0.01 },
      epochs: 50,
      batchSize: 8,
    });
    expect(referenceLoss(result.network, data.X, data.y, 'cross_entropy')).toBeCloseTo(result.loss, 12);
    expect(accuracyOf(result.network, data.X, data.y)).toBe(result.accuracy);
  });

  it('rejects data that does not fit the spec', () => {
    const spec = fixture('xor_relu_sgd').spec;
    expect(() => trainMlp({ X: [[0, 1], [1]], y: [0, 1] }, spec)).toThrow(/features/);
    expect(() => trainMlp({ X: [[0, 1]], y: [2] }, spec)).toThrow(/\[0, 1\]/);
    expect(() => trainMlp({ X: [], y: [] }, spec)).toThrow(/no rows/);
  });
});

describe('expAccurate', () => {
  it('is within an ulp of the correctly rounded e^x (and usually exact)', () => {
    const ref = JSON.parse(readFileSync(new URL('../../../fixtures/numpy/rng_reference.json', import.meta.url), 'utf8')) as {
      exp: { x: number[]; correctly_rounded: number[] };
    };
    let exact = 0;
    ref.exp.x.forEach((x, i) => {
      const want = ref.exp.correctly_rounded[i]!;
      const got = expAccurate(x);
      if (Object.is(got, want)) exact++;
      else expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.abs(want) * 2.3e-16);
    });
    expect(exact / ref.exp.x.length).toBeGreaterThan(0.99);
    expect(expAccurate(0)).toBe(1);
    expect(expAccurate(710)).toBe(Infinity);
    expect(expAccurate(-746)).toBe(0);
    expect(Number.isNaN(expAccurate(NaN))).toBe(true);
  });
});
