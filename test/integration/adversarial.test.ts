import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../shared/domain/run';
import { testContext } from '../helpers/context';

describe('adversarial as a worker job', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());

  async function waitForRuns(experimentId: string, count: number): Promise<RunRecord[]> {
    for (let i = 0; i < 600; i++) {
      const { runs } = await context.services.experiments.get(experimentId);
      if (runs.length >= count && runs.every((r) => !['queued', 'running'].includes(r.status))) return Promise.all(runs.map((r) => context.services.runs.get(r.id)));
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the preset did not finish');
  }

  it('"Digits: ReLU formulation comparison": MIP proven optimal with a valid witness, LP ≤ MIP ≤ every valid local answer', async () => {
    const { experiment } = await context.services.experiments.runPreset('digits-formulation-comparison');
    const runs = await waitForRuns(experiment.id, 6);
    const net = runs.find((r) => r.method === 'mlp-gd')!;
    const attacks = runs.filter((r) => r.method === 'adversarial');
    expect(attacks).toHaveLength(5);
    expect(attacks.every((a) => a.params.network === net.id)).toBe(true);
    const byFormulation = Object.fromEntries(attacks.map((a) => [`${String(a.params.formulation)}${a.params.formulation === 'softplus' ? String(a.params.beta) : ''}`, a]));
    const mip = byFormulation.mip!;
    expect(mip.status).toBe('optimal');
    expect(mip.result!.witness!.valid).toBe(true);
    expect(mip.result!.witness!.predicted).not.toBe(mip.result!.solution!.label);
    expect(mip.result!.solution!.x0).toHaveLength(64);
    const lp = byFormulation['lp-relaxation']!;
    expect(lp.metrics.bound!).toBeLessThanOrEqual(mip.metrics.objective! + 1e-6);
    for (const key of ['sqrt-relu', 'softplus1', 'softplus5']) {
      const local = byFormulation[key]!;
      expect(['local-optimum', 'iteration-limit', 'infeasible', 'time-limit']).toContain(local.status);
      if (local.result?.witness?.valid) expect(local.metrics.objective!).toBeGreaterThanOrEqual(mip.metrics.objective! - 1e-6);
    }
    for (const key of ['variables', 'constraints', 'binaries', 'stableNeurons', 'unstableNeurons', 'timeMs']) expect(mip.metrics).toHaveProperty(key);
  }, 240_000);

  it('refuses a reference to a run without a trained network, or one of the wrong shape', async () => {
    const lr = await context.services.runs.whenFinished((await context.services.runs.start({ dataset: 'xor', method: 'logistic-regression' })).id);
    await expect(context.services.runs.start({ dataset: 'xor', method: 'adversarial', params: { network: 'r-missing', sample: 0, split: 'all' } })).rejects.toThrow(/no run 'r-missing'/);
    await expect(context.services.runs.start({ dataset: 'digits', method: 'adversarial', params: { network: lr.id } })).rejects.toThrow(/takes 2 inputs but the data set has 64/);
  });

  it('attacks an inline 2-D network on an explicit input', async () => {
    const network = { layers: [{ W: [[1, -1], [-1, 1]], b: [0, 0], activation: 'relu' }, { W: [[1, 1]], b: [0], activation: 'identity' }] };
    const run = await context.services.runs.whenFinished((await context.services.runs.start({ dataset: 'xor', method: 'adversarial', params: { network, input: [0, 0], label: 0, norm: 'linf', criterion: 'any', formulation: 'mip' } })).id);
    expect(run.status).toBe('optimal');
    expect(run.result!.witness!.valid).toBe(true);
    expect(run.metrics.objective).toBeGreaterThan(0);
  });
});

describe('batch attacks over the first K test samples, resumable', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());

  it('aggregates per formulation, and a resumed batch keeps the finished samples', async () => {
    const net = await context.services.runs.whenFinished(
      (await context.services.runs.start({ dataset: 'digits', method: 'mlp-gd', params: { layers: [{ units: 32, activation: 'relu' }, { units: 16, activation: 'relu' }, { units: 10, activation: 'softmax' }], loss: 'cross_entropy', optimizer: { name: 'adam', lr: 0.01 }, epochs: 20, batchSize: 128 } })).id,
    );
    const spec = {
      dataset: 'digits',
      method: 'sweep',
      params: { method: 'adversarial', params: { network: net.id, split: 'test', norm: 'l1', criterion: 'all-others', margin: 0.01, timeLimit: 60 }, grid: { formulation: ['mip', 'sqrt-relu'], sample: [0, 1, 2, 3] }, groupBy: ['formulation'] },
    };
    const started = await context.services.runs.start(spec);
    // Let a few members finish, then stop the batch as a crash or a user would.
    for (let i = 0; i < 600; i++) {
      const done = (await context.services.runs.list({ parentId: started.id, limit: 100 })).runs.filter((r) => ['optimal', 'local-optimum'].includes(r.status)).length;
      if (done >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await context.services.runs.cancel(started.id);
    await context.services.runs.whenFinished(started.id);
    const before = (await context.services.runs.list({ parentId: started.id, limit: 100 })).runs;
    const kept = before.filter((r) => ['optimal', 'local-optimum'].includes(r.status));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(8);

    await context.services.runs.resume(started.id);
    const sweep = await context.services.runs.whenFinished(started.id);
    expect(sweep.status).toBe('completed');
    const after = (await context.services.runs.list({ parentId: started.id, limit: 100 })).runs;
    expect(after).toHaveLength(8);
    for (const k of kept) expect(after.find((r) => r.id === k.id)!.finishedAt).toBe(k.finishedAt);
    const summary = (sweep.result!.details as { sweep: import('../../shared/domain/params/sweep').SweepSummary }).sweep;
    expect(summary.groups.map((g) => g.label).sort()).toEqual(['formulation = mip', 'formulation = sqrt-relu']);
    const mip = summary.groups.find((g) => g.label === 'formulation = mip')!;
    expect(mip.runs).toBe(4);
    expect(mip.metrics.witnessValid!.mean).toBe(1);
    expect(mip.metrics.timeMs!.max).toBeGreaterThanOrEqual(mip.metrics.timeMs!.median);
    const csv = Buffer.from((await context.services.reports.build({ runs: [sweep.id], format: 'csv' })).files[0]!.base64, 'base64').toString('utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^group,runs,finished/);
    expect(csv).toContain('formulation = mip,4,4');
  }, 240_000);
});
