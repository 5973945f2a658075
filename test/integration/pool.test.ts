import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/contracts';
import { faultWorker, testContext } from '../helpers/context';

/** The real services and store, with a pool whose worker can be told to fail (test/fixtures/fault-worker.ts). */
describe('worker pool: failures stay with their job', () => {
  let context: ReturnType<typeof testContext>;
  const events: AppEvent[] = [];
  beforeAll(() => {
    context = testContext({ pool: { workerFile: faultWorker, maxThreads: 1, cancelGraceMs: 300 } });
    context.events.subscribe((e) => events.push(e));
  });
  afterAll(() => context.dispose());

  async function runNamed(name: string) {
    const started = await context.services.runs.start({ dataset: 'xor', method: 'linear-regression', name });
    return context.services.runs.whenFinished(started.id);
  }

  async function waitForStatus(id: string, status: string) {
    for (let i = 0; i < 200; i++) {
      if ((await context.services.runs.get(id)).status === status) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`run ${id} never reached ${status}`);
  }

  it('a job that throws is stored as failed with its reason, and the next job succeeds', async () => {
    const failed = await runNamed('fault:throw');
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/deliberate failure in the job/);
    expect((await runNamed('healthy')).status).toBe('completed');
  });

  it('a job that kills its worker thread is stored as failed, and the next job succeeds', async () => {
    const crashed = await runNamed('fault:crash');
    expect(crashed.status).toBe('failed');
    expect(crashed.error).toMatch(/worker/i);
    expect((await runNamed('after crash')).status).toBe('completed');
  });

  it('cancel stops a job that never looks at the flag (the thread is terminated)', async () => {
    const started = await context.services.runs.start({ dataset: 'xor', method: 'linear-regression', name: 'fault:spin' });
    await waitForStatus(started.id, 'running');
    const t0 = performance.now();
    expect(await context.services.runs.cancel(started.id)).toEqual({ cancelled: true });
    const run = await context.services.runs.whenFinished(started.id);
    expect(run.status).toBe('cancelled');
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(events).toContainEqual({ type: 'run-status', runId: started.id, status: 'cancelled', error: 'Cancelled by the user.' });
    expect((await runNamed('after spin')).status).toBe('completed');
  });

  it('cancel stops a job that polls the flag, without killing the thread', async () => {
    const started = await context.services.runs.start({ dataset: 'xor', method: 'linear-regression', name: 'fault:poll' });
    await waitForStatus(started.id, 'running');
    await context.services.runs.cancel(started.id);
    const run = await context.services.runs.whenFinished(started.id);
    expect(run.status).toBe('cancelled');
    expect(run.log).toBe('stopped at the cancel flag');
  });

  it('cancelling a finished run does nothing', async () => {
    const done = await runNamed('finished');
    expect(await context.services.runs.cancel(done.id)).toEqual({ cancelled: false });
    expect((await context.services.runs.get(done.id)).status).toBe('completed');
  });
});

describe('worker pool: a hung job', () => {
  it('is terminated past its time limit and stored as failed with that reason', async () => {
    const { JobPool } = await import('../../src-main/workers/pool');
    const pool = new JobPool({ workerFile: faultWorker, maxThreads: 1 });
    try {
      const handle = pool.submit({ runId: 'x', label: 'fault:spin', method: 'linear-regression', params: {}, data: { task: 'binary', featureNames: ['a'], X: [[0]], y: [0] } }, { timeoutMs: 500 });
      const outcome = await handle.outcome;
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(/ran past its limit/);
      const next = pool.submit({ runId: 'y', label: 'ok', method: 'linear-regression', params: {}, data: { task: 'binary', featureNames: ['a'], X: [[0], [1]], y: [0, 1] } });
      expect((await next.outcome).status).toBe('completed');
    } finally {
      await pool.close();
    }
  });
});
