import { availableParallelism } from 'node:os';
import { MessageChannel, type ResourceLimits } from 'node:worker_threads';
import Piscina from 'piscina';
import { paths } from '../paths';
import { CONTROL_CANCEL, type JobProgress, type ModelExportRequest, type RunJobOutcome, type RunJobRequest, type SolverCheckOutcome } from './protocol';

export interface PoolOptions {
  workerFile?: string;
  maxThreads?: number;
  resourceLimits?: ResourceLimits;
  /** How long a cancelled job may take to stop by itself before its thread is terminated. */
  cancelGraceMs?: number;
}

export interface SubmitOptions {
  onProgress?: (progress: JobProgress) => void;
  /** The thread is terminated past this; the job is stored as failed with that reason. */
  timeoutMs?: number;
}

export interface JobHandle {
  outcome: Promise<RunJobOutcome>;
  cancel(): void;
}

/** Per worker thread; the machines this runs on have gigabytes, the networks here are small. */
export const DEFAULT_HEAP_LIMIT_MB = 4096;

type StopReason = { kind: 'cancelled' } | { kind: 'timeout'; ms: number };

function failedOutcome(status: 'failed' | 'cancelled', error: string): RunJobOutcome {
  return { status, metrics: {}, model: null, result: null, error, log: '', series: {}, computeMs: 0 };
}

/**
 * Worker threads for long work. At most cores − 1 run at once so the UI keeps a core;
 * a thread that crashes, hangs or is cancelled is terminated and Piscina starts a fresh one.
 */
export class JobPool {
  private readonly piscina: Piscina;
  private readonly cancelGraceMs: number;

  constructor(options: PoolOptions = {}) {
    const threads = options.maxThreads ?? Math.max(1, availableParallelism() - 1);
    this.cancelGraceMs = options.cancelGraceMs ?? 2000;
    this.piscina = new Piscina({
      filename: options.workerFile ?? paths.worker,
      maxThreads: threads,
      minThreads: 0,
      idleTimeout: 60_000,
      atomics: 'disabled',
      // A runaway job dies alone with "out of memory" instead of taking the app down.
      resourceLimits: options.resourceLimits ?? { maxOldGenerationSizeMb: DEFAULT_HEAP_LIMIT_MB },
    });
  }

  get threads(): number {
    return this.piscina.options.maxThreads;
  }

  submit(request: Omit<RunJobRequest, 'control' | 'progress' | 'kind'>, options: SubmitOptions = {}): JobHandle {
    const control = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    let started = false;
    port1.on('message', (progress: JobProgress) => {
      started = true;
      options.onProgress?.(progress);
    });
    const abort = new AbortController();
    let stop: StopReason | null = null;
    const timers: NodeJS.Timeout[] = [];
    if (options.timeoutMs) {
      const ms = options.timeoutMs;
      timers.push(setTimeout(() => {
        stop ??= { kind: 'timeout', ms };
        abort.abort();
      }, ms));
    }
    const task: RunJobRequest = { ...request, kind: 'run', control, progress: port2 };
    const outcome = (this.piscina.run(task, { transferList: [port2], signal: abort.signal }) as Promise<RunJobOutcome>)
      .catch((error: unknown): RunJobOutcome => {
        if (stop?.kind === 'cancelled') return failedOutcome('cancelled', 'Cancelled by the user.');
        if (stop?.kind === 'timeout') return failedOutcome('failed', `The job ran past its limit of ${Math.round(stop.ms / 1000)} s and was stopped.`);
        const message = error instanceof Error ? error.message : String(error);
        if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          return failedOutcome('failed', `The job ran out of memory in its worker (${message}); the worker was replaced.`);
        }
        return failedOutcome('failed', `The job failed in its worker: ${message}`);
      })
      .finally(() => {
        for (const t of timers) clearTimeout(t);
        port1.close();
      });
    return {
      outcome,
      cancel: () => {
        if (stop) return;
        stop = { kind: 'cancelled' };
        // Ask politely first: a solver or trainer that polls the flag returns what it has.
        Atomics.store(new Int32Array(control), 0, CONTROL_CANCEL);
        // A job still waiting in the queue has nothing to keep: drop it at once.
        timers.push(setTimeout(() => abort.abort(), started ? this.cancelGraceMs : 0));
      },
    };
  }

  exportModel(request: Omit<ModelExportRequest, 'kind'>): Promise<string> {
    return this.piscina.run({ ...request, kind: 'model-export' }) as Promise<string>;
  }

  solverCheck(): Promise<SolverCheckOutcome> {
    return this.piscina.run({ kind: 'solver-check' }) as Promise<SolverCheckOutcome>;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
