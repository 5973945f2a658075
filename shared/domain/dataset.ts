import { z } from 'zod';

export const tasks = ['binary', 'multiclass', 'regression'] as const;
export type Task = (typeof tasks)[number];

export const MAX_DATASET_ROWS = 200_000;
export const MAX_DATASET_FEATURES = 4_096;

const finite = z.number().finite();

export const provenanceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin'), source: z.string(), credit: z.string().optional() }),
  z.object({ kind: z.literal('imported'), fileName: z.string(), format: z.enum(['csv', 'json']) }),
  z.object({ kind: z.literal('generated'), generator: z.string(), params: z.record(z.string(), z.unknown()), seed: z.number().int() }),
  z.object({ kind: z.literal('edited'), from: z.string() }),
]);
export type Provenance = z.infer<typeof provenanceSchema>;

/** The data of a dataset: what an importer produces and what methods consume. */
export const datasetDataSchema = z
  .object({
    task: z.enum(tasks),
    featureNames: z.array(z.string().min(1).max(200)).min(1).max(MAX_DATASET_FEATURES, `at most ${MAX_DATASET_FEATURES} features`),
    X: z.array(z.array(finite)).min(1).max(MAX_DATASET_ROWS, `at most ${MAX_DATASET_ROWS.toLocaleString('en-US')} rows per data set`),
    y: z.array(finite),
    /** Indices of test rows; the rest are training rows. */
    testIndices: z.array(z.number().int().nonnegative()).optional(),
    classNames: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((data, ctx) => {
    const d = data.featureNames.length;
    for (let i = 0; i < data.X.length; i++) {
      if (data.X[i]!.length !== d) {
        ctx.addIssue({ code: 'custom', path: ['X', i], message: `row ${i + 1} has ${data.X[i]!.length} values, expected ${d}` });
        return;
      }
    }
    if (data.y.length !== data.X.length) {
      ctx.addIssue({ code: 'custom', path: ['y'], message: `y has ${data.y.length} labels but X has ${data.X.length} rows` });
    }
    if (data.task !== 'regression') {
      const bad = data.y.findIndex((v) => !Number.isInteger(v) || v < 0 || (data.task === 'binary' && v > 1));
      if (bad >= 0) {
        const allowed = data.task === 'binary' ? '0 or 1' : 'a non-negative integer class index';
        ctx.addIssue({ code: 'custom', path: ['y', bad], message: `label of row ${bad + 1} is ${data.y[bad]}; a ${data.task} label must be ${allowed}` });
      }
    }
    if (data.testIndices?.some((i) => i >= data.X.length)) {
      ctx.addIssue({ code: 'custom', path: ['testIndices'], message: 'a test index points past the last row' });
    }
  });
export type DatasetData = z.infer<typeof datasetDataSchema>;

export interface DatasetSummary {
  id: string;
  name: string;
  task: Task;
  version: number;
  rows: number;
  features: number;
  builtin: boolean;
  provenance: Provenance;
  description: string;
  /** In the trash: hidden from lists, restorable. */
  deleted: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DatasetVersionInfo {
  version: number;
  rows: number;
  features: number;
  note: string;
  createdAt: string;
}

export interface Dataset extends DatasetSummary {
  data: DatasetData;
}

export function classCount(data: Pick<DatasetData, 'task' | 'y'>): number {
  if (data.task === 'regression') return 0;
  if (data.task === 'binary') return 2;
  return Math.max(...data.y) + 1;
}
