import type { MessagePort } from 'node:worker_threads';
import type { DatasetData } from '../../shared/domain/dataset';
import type { Network } from '../../shared/domain/network';
import type { NamedPoint, RunMetrics, RunResult, RunSeriesPoint, RunStatus } from '../../shared/domain/run';

/** Index 0 of the control buffer: 0 = keep going, 1 = the user asked to cancel. */
export const CONTROL_CANCEL = 1;

export interface RunJobRequest {
  kind: 'run';
  runId: string;
  /** The run's name, for messages. */
  label: string;
  method: string;
  params: Record<string, unknown>;
  data: DatasetData;
  /** What the service resolved from references in the params (an attack's trained network). */
  resolved?: { network?: Network };
  /** Int32Array view over a SharedArrayBuffer: lets long loops notice Cancel without a message round trip. */
  control: SharedArrayBuffer;
  progress: MessagePort;
}

export interface SolverCheckRequest {
  kind: 'solver-check';
}

/** Writes the optimisation model a run solves, as LP or MPS text (rebuilt from its params and data). */
export interface ModelExportRequest {
  kind: 'model-export';
  method: string;
  params: Record<string, unknown>;
  data: DatasetData;
  format: 'lp' | 'mps';
}

export type JobRequest = RunJobRequest | SolverCheckRequest | ModelExportRequest;

export interface JobProgress {
  /** 0..1 when known. */
  fraction: number | null;
  message: string;
  /** New points of live series; the main side forwards them all, even when it throttles messages. */
  points?: NamedPoint[];
}

/** What a run job answers. A solver or trainer outcome is data; only bugs and I/O throw. */
export interface RunJobOutcome {
  status: Exclude<RunStatus, 'queued' | 'running' | 'interrupted'>;
  metrics: RunMetrics;
  model: Network | null;
  result: RunResult | null;
  error: string | null;
  log: string;
  series: Record<string, RunSeriesPoint[]>;
  computeMs: number;
  solverVersion?: string;
}

export interface SolverCheckOutcome {
  solver: string;
  objective: number | null;
  status: string;
  ms: number;
}

/** What a job handler receives besides its request. */
export interface JobContext {
  report(progress: JobProgress): void;
  cancelled(): boolean;
}
