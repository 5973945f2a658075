import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleNetworks } from '../../shared/domain/methods';
import { snapshot, testContext } from '../helpers/context';

describe('the vertical slice through services, worker threads and SQLite', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());

  it('linear regression on XOR gives w = [0, 0], intercept 0.5 and accuracy 0.5', async () => {
    const started = await context.services.runs.start({ dataset: 'xor', method: 'linear-regression' });
    const run = await context.services.runs.whenFinished(started.id);
    expect(run.status).toBe('completed');
    const layer = run.model!.layers[0]!;
    expect(layer.W[0]![0]).toBeCloseTo(0, 9);
    expect(layer.W[0]![1]).toBeCloseTo(0, 9);
    expect(layer.b[0]).toBeCloseTo(0.5, 9);
    expect(run.metrics.accuracy).toBeCloseTo(0.5, 9);
    expect(run.metrics.loss).toBeCloseTo(0.25, 9);
    expect(run.timings.totalMs).toBeGreaterThan(0);
    expect(run.versions.app).toMatch(/\d+\.\d+\.\d+/);
    expect(run.versions.solver).toMatch(/HiGHS/);
  });

  it.each(Object.entries(exampleNetworks))('evaluate of the hand-made net %s gives [0, 1, 1, 0]', async (_key, example) => {
    const started = await context.services.runs.start({ dataset: 'xor', method: 'evaluate', params: { network: example.network } });
    const run = await context.services.runs.whenFinished(started.id);
    expect(run.status).toBe('completed');
    expect(run.result!.trace!.map((row) => row.output[0])).toEqual([0, 1, 1, 0]);
    expect(run.metrics.accuracy).toBe(1);
    // The layer-by-layer table keeps pre-activations and activations of every layer.
    const second = run.result!.trace![1]!;
    expect(second.layers).toHaveLength(2);
    expect(second.layers[0]!.post.every((v) => v >= 0)).toBe(true);
  });

  it('lists runs newest first and finds them by name', async () => {
    const page = await context.services.runs.list({ limit: 10 });
    expect(page.total).toBe(3);
    expect(page.runs[0]!.createdAt >= page.runs[2]!.createdAt).toBe(true);
    const found = await context.services.runs.list({ search: 'linear-regression' });
    expect(found.runs.map((r) => r.method)).toEqual(['linear-regression']);
  });

  it('draws a decision grid of the stored model', async () => {
    const { runs } = await context.services.runs.list({ method: 'evaluate', limit: 1 });
    const grid = await context.services.runs.decisionGrid(runs[0]!.id, { resolution: 50 });
    expect(grid.values).toHaveLength(2500);
    expect(grid.max).toBeGreaterThan(grid.level);
    expect(grid.min).toBeLessThanOrEqual(0);
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    const before = snapshot(context);
    const bad: [unknown, RegExp][] = [
      [{ dataset: 'xor', method: 'no-such-method' }, /Unknown method 'no-such-method'/],
      [{ dataset: 'no-such-data', method: 'linear-regression' }, /Unknown data set 'no-such-data'/],
      [{ dataset: 'xor', method: 'evaluate', params: { network: { layers: [{ W: [[1, 2], [3]], b: [0, 0], activation: 'relu' }] } } }, /row 1 of W has 1 entries, expected 2/],
      [{ dataset: 'xor', method: 'linear-regression', params: { threshold: 'high' } }, /threshold/],
      [{ dataset: 'xor', method: 'linear-regression', params: { unknownKnob: 1 } }, /unknownKnob|Unrecognized/i],
    ];
    for (const [spec, message] of bad) {
      const answer = await context.dispatch('runs', 'start', [spec]);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.message).toMatch(message);
    }
    const unknownOperation = await context.dispatch('runs', 'dropEverything', []);
    expect(unknownOperation.ok).toBe(false);
    expect(snapshot(context)).toBe(before);
  });

  it('proves the HiGHS path: a tiny LP solved in a worker thread', async () => {
    const check = await context.services.app.checkSolver();
    expect(check.message).toMatch(/objective/);
    expect(check.ok).toBe(true);
    expect(check.objective).toBeCloseTo(2.8, 9);
    expect(check.solver).toMatch(/^HiGHS \d+\.\d+\.\d+$/);
  });
});
