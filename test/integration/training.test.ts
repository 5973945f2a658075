import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepSummary } from '../../shared/domain/params/sweep';
import { projectRoot } from '../../src-main/paths';
import { testContext } from '../helpers/context';

const xorSpec = (seed: number, extra: object = {}) => ({
  layers: [
    { units: 2, activation: 'relu', bias: true, init: { dist: 'normal', std: 1 } },
    { units: 1, activation: 'sigmoid', bias: false, init: { dist: 'normal', std: 1 } },
  ],
  loss: 'bce',
  optimizer: { name: 'sgd', lr: 0.1 },
  epochs: 10000,
  rng: { kind: 'numpy', seed },
  ...extra,
});

describe('training methods as worker jobs', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());

  async function run(spec: Parameters<typeof context.services.runs.start>[0]) {
    const started = await context.services.runs.start(spec);
    return context.services.runs.whenFinished(started.id);
  }

  it('mlp-gd accepts the numpy spec as written and reproduces its final weights', async () => {
    const fixture = JSON.parse(readFileSync(path.join(projectRoot, 'test/fixtures/numpy/xor_relu_sgd.json'), 'utf8')) as { final: { W1: number[][]; b1: number[]; W2: number[][] } };
    const result = await run({ dataset: 'xor', method: 'mlp-gd', params: xorSpec(0) });
    expect(result.status).toBe('completed');
    const [hidden, out] = result.model!.layers;
    hidden!.W.flat().forEach((w, i) => expect(Math.abs(w - fixture.final.W1.flat()[i]!)).toBeLessThanOrEqual(1e-9 * Math.abs(fixture.final.W1.flat()[i]!)));
    out!.W.flat().forEach((w, i) => expect(Math.abs(w - fixture.final.W2.flat()[i]!)).toBeLessThanOrEqual(1e-9 * Math.abs(fixture.final.W2.flat()[i]!)));
    expect(result.metrics.epochs).toBe(10000);
    const series = await context.services.runs.series(result.id);
    expect(series.loss!.length).toBeGreaterThan(100);
    expect(series.loss!.length).toBeLessThan(400);
  });

  it('a huge learning rate ends as diverged, with no model kept', async () => {
    const result = await run({ dataset: 'xor', method: 'mlp-gd', params: xorSpec(1, { optimizer: { name: 'sgd', lr: 1e6 }, loss: 'mse', layers: [{ units: 2, activation: 'relu' }, { units: 1, activation: 'identity' }] }) });
    expect(result.status).toBe('diverged');
    expect(result.model).toBeNull();
    expect(result.error).toMatch(/NaN or infinite/);
  });

  it('cancel mid-training stops the trainer at the flag and keeps the weights so far', async () => {
    const started = await context.services.runs.start({ dataset: 'xor', method: 'mlp-gd', params: xorSpec(2, { epochs: 500_000_000 }) });
    for (let i = 0; i < 200 && (await context.services.runs.get(started.id)).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    await context.services.runs.cancel(started.id);
    const result = await context.services.runs.whenFinished(started.id);
    expect(result.status).toBe('cancelled');
    expect(result.metrics.epochs).toBeGreaterThan(0);
    expect(result.metrics.epochs).toBeLessThan(500_000_000);
    expect(result.model).not.toBeNull();
  });

  it('logistic regression puts every XOR point in one class', async () => {
    const result = await run({ dataset: 'xor', method: 'logistic-regression' });
    expect(result.metrics.accuracy).toBe(0.5);
  });

  it('a sweep over a grid and seeds aggregates its runs and counts the stuck ones', async () => {
    const sweep = await run({
      dataset: 'xor',
      method: 'sweep',
      params: { method: 'mlp-gd', params: xorSpec(0, { epochs: 2000 }), grid: { 'optimizer.lr': [0.1, 0.5] }, seeds: 4 },
    });
    expect(sweep.status).toBe('completed');
    const summary = (sweep.result!.details as { sweep: SweepSummary }).sweep;
    expect(summary.total).toBe(8);
    expect(summary.groups.map((g) => g.label)).toEqual(['optimizer.lr = 0.1', 'optimizer.lr = 0.5']);
    const children = await context.services.runs.list({ parentId: sweep.id, limit: 100 });
    expect(children.total).toBe(8);
    for (const group of summary.groups) {
      const members = children.runs.filter((r) => r.name.includes(`optimizer.lr = ${String(group.values['optimizer.lr'])}`));
      expect(members).toHaveLength(4);
      const accuracies = members.map((m) => m.metrics.accuracy!);
      expect(group.metrics.accuracy!.mean).toBeCloseTo(accuracies.reduce((a, b) => a + b) / 4, 12);
      expect(group.metrics.accuracy!.min).toBe(Math.min(...accuracies));
      expect(group.stuck).toBe(accuracies.filter((a) => a < 1).length);
    }
    // Sweep members stay out of the main history list.
    const top = await context.services.runs.list({ limit: 100 });
    expect(top.runs.some((r) => r.parentId === sweep.id)).toBe(false);
  });

  it('a sweep with one invalid member writes nothing', async () => {
    const before = (await context.services.runs.list({ limit: 1000 })).total;
    await expect(context.services.runs.start({ dataset: 'xor', method: 'sweep', params: { method: 'mlp-gd', params: xorSpec(0), grid: { 'optimizer.lr': [0.1, -1] } } })).rejects.toThrow(/Sweep run 2 \(optimizer.lr = -1\)/);
    expect((await context.services.runs.list({ limit: 1000 })).total).toBe(before);
  });
});

describe('presets and spec checks against the data', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());

  it('lists the presets from assets/presets and every preset run is a valid spec', async () => {
    const presets = await context.services.experiments.presets();
    expect(presets.map((p) => p.id)).toEqual(expect.arrayContaining(['xor-linear-fails', 'xor-gradient-descent', 'xor-seed-sweep', 'digits-training', 'xor-exact-sparse', 'digits-formulation-comparison']));
    for (const preset of presets) {
      preset.runs.forEach((run, i) => {
        // "$run:k" names the network an earlier run of the preset trains; it is checked when that run is done.
        const ref = typeof run.params.network === 'string' ? /^\$run:(\d+)$/.exec(run.params.network) : null;
        if (ref) {
          expect(Number(ref[1])).toBeLessThan(i);
          expect(preset.runs[Number(ref[1])]!.method).toBe('mlp-gd');
          return;
        }
        expect(() => context.services.runs.validateSpec({ dataset: preset.dataset, method: run.method, params: run.params })).not.toThrow();
      });
    }
  });

  it('"XOR: why linear models fail" runs as one experiment with the expected answers', async () => {
    const { experiment, runs } = await context.services.experiments.runPreset('xor-linear-fails');
    const finished = await Promise.all(runs.map((r) => context.services.runs.whenFinished(r.id)));
    expect(finished.map((r) => [r.method, r.metrics.accuracy])).toEqual([
      ['linear-regression', 0.5],
      ['logistic-regression', 0.5],
      ['evaluate', 1],
      ['evaluate', 1],
    ]);
    const stored = await context.services.experiments.get(experiment.id);
    expect(stored.experiment.runCount).toBe(4);
  });

  it('refuses a network whose input size does not match the data before storing anything', async () => {
    await expect(
      context.services.runs.start({ dataset: 'xor', method: 'evaluate', params: { network: { layers: [{ W: [[1, 1, 1]], b: [0], activation: 'relu' }] } } }),
    ).rejects.toThrow(/takes 3 inputs but the data set has 2 features/);
    await expect(
      context.services.runs.start({ dataset: 'digits', method: 'mlp-gd', params: xorSpec(0) }),
    ).rejects.toThrow(/needs a binary data set/);
  });

  it('cancelling a run still waiting in the queue drops it at once', async () => {
    const busy = testContext({ pool: { maxThreads: 1 } });
    try {
      const first = await busy.services.runs.start({ dataset: 'xor', method: 'mlp-gd', params: xorSpec(3, { epochs: 3_000_000 }) });
      const second = await busy.services.runs.start({ dataset: 'xor', method: 'linear-regression' });
      expect(await busy.services.runs.cancel(second.id)).toEqual({ cancelled: true });
      expect((await busy.services.runs.whenFinished(second.id)).status).toBe('cancelled');
      await busy.services.runs.cancel(first.id);
      expect((await busy.services.runs.whenFinished(first.id)).status).toBe('cancelled');
    } finally {
      await busy.dispose();
    }
  });
});
