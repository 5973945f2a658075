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

describe('worker isolation: memory and the solver runtime', () => {
  const data = { task: 'binary' as const, featureNames: ['a'], X: [[0], [1]], y: [0, 1] };

  it('a job that exhausts its heap fails alone with that reason; the next job succeeds', async () => {
    const { JobPool } = await import('../../src-main/workers/pool');
    const pool = new JobPool({ workerFile: faultWorker, maxThreads: 1, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    try {
      const outcome = await pool.submit({ runId: 'oom', label: 'fault:oom', method: 'linear-regression', params: {}, data }).outcome;
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(/out of memory/i);
      expect((await pool.submit({ runId: 'ok', label: 'ok', method: 'linear-regression', params: { threshold: 0.5 }, data }).outcome).status).toBe('completed');
    } finally {
      await pool.close();
    }
  });

  it('a job whose WebAssembly runtime aborts fails alone; the next job succeeds', async () => {
    const { JobPool } = await import('../../src-main/workers/pool');
    const pool = new JobPool({ workerFile: faultWorker, maxThreads: 1 });
    try {
      const outcome = await pool.submit({ runId: 'w', label: 'fault:wasm-abort', method: 'linear-regression', params: {}, data }).outcome;
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(/WebAssembly runtime aborted.*restarted/);
      expect((await pool.solverCheck()).objective).toBeCloseTo(2.8, 9);
    } finally {
      await pool.close();
    }
  });

  it('10,000 small LP solves in one worker: memory stays flat (within 10 %) and every model is disposed', async () => {
    const { JobPool } = await import('../../src-main/workers/pool');
    const pool = new JobPool({ workerFile: faultWorker, maxThreads: 1 });
    try {
      const outcome = await pool.submit({ runId: 'lp', label: 'fault:lp-loop', method: 'linear-regression', params: {}, data }, { timeoutMs: 120_000 }).outcome;
      expect(outcome.status, outcome.error ?? '').toBe('completed');
      const [early, late] = (outcome.result!.details as { samples: { solves: number; wasmBytes: number; heapBytes: number }[] }).samples;
      console.log(`10,000 LPs: WebAssembly memory ${early!.wasmBytes} → ${late!.wasmBytes} bytes, JS heap ${(early!.heapBytes / 1e6).toFixed(1)} → ${(late!.heapBytes / 1e6).toFixed(1)} MB`);
      expect(late!.wasmBytes).toBeLessThanOrEqual(early!.wasmBytes * 1.1);
      expect(late!.heapBytes).toBeLessThanOrEqual(early!.heapBytes * 1.1);
    } finally {
      await pool.close();
    }
  }, 180_000);
});
