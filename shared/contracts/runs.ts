import { z } from 'zod';
import { runSpecSchema, runStatuses, type RunRecord, type RunSeriesPoint, type RunSpecInput, type RunSummary } from '../domain/run';
import type { MethodInfo } from '../domain/methods';

export const runListQuerySchema = z
  .object({
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
    method: z.string().max(100).optional(),
    dataset: z.string().max(200).optional(),
    status: z.enum(runStatuses).optional(),
    experimentId: z.string().max(100).optional(),
    /** The runs of one sweep; without it, sweep members are left out of the list. */
    parentId: z.string().max(100).optional(),
    search: z.string().max(200).optional(),
    tag: z.string().max(60).optional(),
    /** ISO dates: runs created at or after / before. */
    createdAfter: z.string().max(40).optional(),
    createdBefore: z.string().max(40).optional(),
    /** Archived runs are left out unless asked for. */
    archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
  })
  .strict();
export type RunListQuery = z.input<typeof runListQuerySchema>;

export interface RunPage {
  runs: RunSummary[];
  total: number;
}

export const runPatchSchema = z
  .object({
    name: z.string().max(200).optional(),
    tags: z.array(z.string().min(1).max(60)).max(50).optional(),
    notes: z.string().max(100_000).optional(),
    archived: z.boolean().optional(),
  })
  .strict();
export type RunPatch = z.input<typeof runPatchSchema>;

export const gridRequestSchema = z
  .object({
    resolution: z.number().int().min(2).max(400).default(200),
    /** [xmin, xmax, ymin, ymax]; by default the data's range with a margin. */
    bounds: z.tuple([z.number().finite(), z.number().finite(), z.number().finite(), z.number().finite()]).optional(),
  })
  .strict();
export type GridRequest = z.input<typeof gridRequestSchema>;

/** The model's output over a regular grid, row-major with y outermost. */
export interface DecisionGrid {
  resolution: number;
  bounds: [number, number, number, number];
  values: number[];
  min: number;
  max: number;
  /** The level at which the decision changes (0.5 for a class-1 probability or score). */
  level: number;
}

/** The largest network file `importNetwork` accepts (100 MB), as base64 characters. */
export const MAX_NETWORK_IMPORT_BYTES = 100_000_000;
const MAX_NETWORK_IMPORT_BASE64 = Math.ceil(MAX_NETWORK_IMPORT_BYTES / 3) * 4;

export const networkImportSchema = z
  .object({
    dataset: z.string().min(1).max(200),
    fileName: z.string().max(500),
    format: z.enum(['onnx', 'json']),
    /** The file's bytes, base64-encoded (ONNX is binary; JSON is sent the same way). */
    base64: z.string().max(MAX_NETWORK_IMPORT_BASE64, `the network file is larger than ${MAX_NETWORK_IMPORT_BYTES / 1e6} MB, the limit`),
    name: z.string().max(200).optional(),
  })
  .strict();
export type NetworkImport = z.input<typeof networkImportSchema>;

export interface RunsService {
  methods(): Promise<MethodInfo[]>;
  start(spec: RunSpecInput): Promise<RunSummary>;
  list(query?: RunListQuery): Promise<RunPage>;
  get(id: string): Promise<RunRecord>;
  cancel(id: string): Promise<{ cancelled: boolean }>;
  series(id: string): Promise<Record<string, RunSeriesPoint[]>>;
  update(id: string, patch: RunPatch): Promise<RunSummary>;
  /** Moves a run to the trash; `restore` undoes it. */
  delete(id: string): Promise<{ deleted: boolean }>;
  restore(id: string): Promise<RunSummary>;
  /** Finishes an interrupted or cancelled sweep: finished members are kept, the rest run again. */
  resume(id: string): Promise<RunSummary>;
  /** Starts the same spec again, on the same version of the data. */
  rerun(id: string): Promise<RunSummary>;
  /** The optimisation model a solver run solved, as LP or MPS text. */
  exportModel(id: string, format: 'lp' | 'mps'): Promise<{ fileName: string; mediaType: string; text: string }>;
  /** Every tag in use, with how many runs carry it (most used first). */
  tags(): Promise<{ tag: string; count: number }[]>;
  decisionGrid(id: string, request?: GridRequest): Promise<DecisionGrid>;
  /**
   * Imports a trained network (ONNX or a JSON weights file) as a finished `evaluate` run on a
   * data set, so that `adversarial` can attack it with `network: <run id>`.
   */
  importNetwork(input: NetworkImport): Promise<RunSummary>;
}

const id = z.string().min(1).max(100);

export const runsArgs = {
  methods: z.tuple([]),
  start: z.tuple([runSpecSchema]),
  list: z.tuple([runListQuerySchema.optional()]),
  get: z.tuple([id]),
  cancel: z.tuple([id]),
  series: z.tuple([id]),
  update: z.tuple([id, runPatchSchema]),
  delete: z.tuple([id]),
  restore: z.tuple([id]),
  rerun: z.tuple([id]),
  resume: z.tuple([id]),
  tags: z.tuple([]),
  exportModel: z.tuple([id, z.enum(['lp', 'mps'])]),
  decisionGrid: z.tuple([id, gridRequestSchema.optional()]),
  importNetwork: z.tuple([networkImportSchema]),
} satisfies Record<keyof RunsService, z.ZodType>;
