import { z } from 'zod';
import type { Network } from './network';

/**
 * Solver methods end in their solver's words: `optimal` (proven), `time-limit` (best found, not
 * proven), `local-optimum` (a local method's answer), `infeasible`, `verification-failed` (the
 * forward pass disagreed with the solver; never shown as a valid answer).
 */
export const runStatuses = [
  'queued',
  'running',
  'completed',
  'optimal',
  'time-limit',
  'local-optimum',
  'iteration-limit',
  'infeasible',
  'verification-failed',
  'failed',
  'cancelled',
  'interrupted',
  'diverged',
] as const;
export type RunStatus = (typeof runStatuses)[number];
export const finishedStatuses: readonly RunStatus[] = runStatuses.filter((s) => s !== 'queued' && s !== 'running');
/** Ended with a usable answer (a model, a solution). */
export const successfulStatuses: readonly RunStatus[] = ['completed', 'optimal', 'time-limit', 'local-optimum'];

/** What a user asks for: the form `relulab run --spec FILE` reads. */
export const runSpecSchema = z
  .object({
    dataset: z.string().min(1).max(200),
    /** A stored version of the data set; the current one by default. */
    datasetVersion: z.number().int().min(1).optional(),
    method: z.string().min(1).max(100),
    params: z.record(z.string(), z.unknown()).default({}),
    name: z.string().max(200).optional(),
    experimentId: z.string().max(100).optional(),
    tags: z.array(z.string().min(1).max(60)).max(50).optional(),
    notes: z.string().max(100_000).optional(),
  })
  .strict();
export type RunSpecInput = z.input<typeof runSpecSchema>;
export type RunSpec = z.output<typeof runSpecSchema>;

export interface RunMetrics {
  accuracy?: number;
  loss?: number;
  [name: string]: number | undefined;
}

/** One sample followed through the network, layer by layer. */
export interface TraceRow {
  index: number;
  input: number[];
  layers: { pre: number[]; post: number[] }[];
  output: number[];
  prediction: number;
  target: number;
}

export interface RunResult {
  /** Attacks: the perturbed input, the original input and its class. */
  solution?: { x: number[] | null; x0: number[]; label: number };
  /** Attacks: the perturbed input run through the true ReLU network in double precision. */
  witness?: { predicted: number; margin: number; required: number; valid: boolean; logits: number[] } | null;
  /** Rows of the layer-by-layer table; capped for large data sets. */
  trace?: TraceRow[];
  traceTruncated?: boolean;
  /** Method-specific figures that are not scalar metrics. */
  details?: Record<string, unknown>;
}

export interface RunTimings {
  totalMs?: number;
  queuedMs?: number;
  computeMs?: number;
}

export interface RunVersions {
  app: string;
  solver?: string;
  node: string;
}

export interface RunSummary {
  id: string;
  name: string;
  method: string;
  dataset: string;
  datasetName: string;
  datasetVersion: number;
  status: RunStatus;
  metrics: RunMetrics;
  timings: RunTimings;
  tags: string[];
  notes: string;
  experimentId: string | null;
  /** The sweep this run belongs to. */
  parentId: string | null;
  archived: boolean;
  /** In the trash: hidden from lists, still readable, restorable. */
  deleted: boolean;
  createdAt: string;
  finishedAt: string | null;
}

export interface RunRecord extends RunSummary {
  params: Record<string, unknown>;
  model: Network | null;
  result: RunResult | null;
  error: string | null;
  log: string;
  versions: RunVersions;
  seed: number | null;
}

export interface RunSeriesPoint {
  step: number;
  x: number;
  y: number;
}

/** A progress point of one named series (loss, accuracy, primal bound, …). */
export interface NamedPoint extends RunSeriesPoint {
  name: string;
}

/** Pushed to clients while a run is queued or in progress. */
export type RunEvent =
  | { type: 'run-status'; runId: string; status: RunStatus; error?: string }
  | { type: 'run-progress'; runId: string; fraction: number | null; message: string; elapsedMs: number; points?: NamedPoint[] };
