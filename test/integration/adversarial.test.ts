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
