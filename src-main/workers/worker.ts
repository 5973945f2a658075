import type { JobContext, JobRequest, RunJobOutcome, SolverCheckOutcome } from './protocol';
import { exportModel } from './jobs/model-export';
import { CONTROL_CANCEL } from './protocol';
import { runJob } from './jobs';
import { runSolverCheck } from './jobs/solver-check';
import { resetHighs } from '../engine/highs/load-highs';

/** The entry of every pool thread: one request in, one outcome out, progress on the request's port. */
export default async function handle(request: JobRequest): Promise<RunJobOutcome | SolverCheckOutcome | string> {
  if (request.kind === 'solver-check') return runSolverCheck();
  if (request.kind === 'model-export') return exportModel(request);
  const control = new Int32Array(request.control);
  const context: JobContext = {
    report: (progress) => request.progress.postMessage(progress),
    cancelled: () => Atomics.load(control, 0) === CONTROL_CANCEL,
  };
  // The first message tells the main side the job has left the queue.
  context.report({ fraction: 0, message: 'started' });
  try {
    return await guardJob(() => runJob(request, context));
  } finally {
    request.progress.close();
  }
}

/** A trap or abort inside WebAssembly leaves the runtime unusable: say so, and start afresh next time. */
export async function guardJob<T>(job: () => Promise<T>): Promise<T> {
  try {
    return await job();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      resetHighs();
      throw new Error(`the solver's WebAssembly runtime aborted (${error.message}); it was restarted for the next job`);
    }
    throw error;
  }
}
