import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../helpers/context';

describe('milp-train as a worker job', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());

  async function run(params: Record<string, unknown>, dataset = 'xor') {
    const started = await context.services.runs.start({ dataset, method: 'milp-train', params });
    return context.services.runs.whenFinished(started.id);
  }

  it('accepts the spec as written: XOR width 2 is optimal with 4 connections, verified, with bound curves', async () => {
    const result = await run({ width: 2, weightBound: 10, biasBound: 10, mode: 'exact', timeLimit: 60, mipGap: 0 });
    expect(result.status).toBe('optimal');
    expect(result.metrics).toMatchObject({ objective: 4, connections: 4, accuracy: 1 });
    expect(result.metrics.maxResidual).toBeLessThanOrEqual(1e-6);
    expect(result.result!.trace!.map((t) => Math.round(t.output[0]! * 1e9) / 1e9)).toEqual([0, 1, 1, 0]);
    const pattern = (result.result!.details as { activationPattern: boolean[][] }).activationPattern;
    expect(pattern).toHaveLength(2);
    expect(pattern[0]).toHaveLength(4);
    // Connections are counted from the returned weights.
    expect(result.model!.layers[0]!.W.flat().filter((w) => Math.abs(w) > 1e-9)).toHaveLength(4);
    const series = await context.services.runs.series(result.id);
    expect(series.dual?.length ?? 0).toBeGreaterThan(0);
  });

  it('width 1 is infeasible, explained in words', async () => {
    const result = await run({ width: 1 });
    expect(result.status).toBe('infeasible');
    expect(result.error).toMatch(/width 1/i);
    expect(result.model).toBeNull();
  });

  it('exports the model as LP and MPS text', async () => {
    const result = await run({ width: 2, timeLimit: 30 });
    const lp = await context.services.runs.exportModel(result.id, 'lp');
    expect(lp.text).toMatch(/^\\/);
    expect(lp.text).toMatch(/Minimize[\s\S]*Subject To[\s\S]*Binar/);
    const mps = await context.services.runs.exportModel(result.id, 'mps');
    expect(mps.text).toMatch(/ROWS[\s\S]*COLUMNS[\s\S]*RHS/);
    await expect(context.services.runs.exportModel((await context.services.runs.list({ method: 'milp-train' })).runs[0]!.id.replace(/./, 'x'), 'lp')).rejects.toThrow(/no run/);
  });

  it('margin mode refuses a multiclass data set before storing anything', async () => {
    await expect(context.services.runs.start({ dataset: 'digits', method: 'milp-train', params: { mode: 'margin' } })).rejects.toThrow(/binary|not apply/);
  });

  it('cancel interrupts the solver through its interrupt callback', async () => {
    // Width 4 as one MILP without symmetry breaking or extra inequalities takes HiGHS several seconds here.
    const started = await context.services.runs.start({
      dataset: 'xor',
      method: 'milp-train',
      params: { width: 4, symmetryBreaking: false, tightening: false, strategy: 'single-milp', timeLimit: 120 },
    });
    for (let i = 0; i < 400 && (await context.services.runs.get(started.id)).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 800));
    const t0 = performance.now();
    await context.services.runs.cancel(started.id);
    const result = await context.services.runs.whenFinished(started.id);
    expect(result.status).toBe('cancelled');
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('a time limit ends as time-limit with the incumbent and its gap', async () => {
    const generated = await context.services.datasets.generate({ generator: 'noisy-xor', n: 32, noise: 0.15, seed: 5 });
    const result = await run({ width: 4, mode: 'margin', timeLimit: 1 }, generated.id);
    expect(['time-limit', 'optimal']).toContain(result.status);
    if (result.status === 'time-limit' && result.model) {
      expect(result.metrics.gap).toBeGreaterThan(0);
      expect((result.result!.details as { provenOptimal: boolean }).provenOptimal).toBe(false);
    }
  });
});
