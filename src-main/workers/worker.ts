import type { JobContext, JobRequest, RunJobOutcome, SolverCheckOutcome } from './protocol';
import { CONTROL_CANCEL } from './protocol';
import { runJob } from './jobs';
import { runSolverCheck } from './jobs/solver-check';

/** The entry of every pool thread: one request in, one outcome out, progress on the request's port. */
export default async function handle(request: JobRequest): Promise<RunJobOutcome | SolverCheckOutcome> {
  if (request.kind === 'solver-check') return runSolverCheck();
  const control = new Int32Array(request.control);
  const context: JobContext = {
    report: (progress) => request.progress.postMessage(progress),
    cancelled: () => Atomics.load(control, 0) === CONTROL_CANCEL,
  };
  // The first message tells the main side the job has left the queue.
  context.report({ fraction: 0, message: 'started' });
  try {
    return await runJob(request, context);
  } finally {
    request.progress.close();
  }
}
