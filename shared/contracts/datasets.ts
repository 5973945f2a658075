import { z } from 'zod';
import { tasks, type Dataset, type DatasetSummary } from '../domain/dataset';

export const MAX_IMPORT_CHARS = 50_000_000;

export const datasetImportSchema = z
  .object({
    fileName: z.string().min(1).max(500),
    format: z.enum(['csv', 'json']),
    text: z.string().max(MAX_IMPORT_CHARS, `the file is larger than ${MAX_IMPORT_CHARS / 1e6} MB of text`),
    name: z.string().min(1).max(200).optional(),
    /** CSV only: the label column (name or 0-based index); the last column by default. */
    targetColumn: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
    /** CSV only: inferred from the labels when absent. */
    task: z.enum(tasks).optional(),
  })
  .strict();
export type DatasetImport = z.input<typeof datasetImportSchema>;

export interface DatasetExport {
  fileName: string;
  mediaType: string;
  text: string;
}

export interface DatasetsService {
  list(): Promise<DatasetSummary[]>;
  get(id: string): Promise<Dataset>;
  import(input: DatasetImport): Promise<DatasetSummary>;
  export(id: string, format: 'csv' | 'json'): Promise<DatasetExport>;
}

const id = z.string().min(1).max(200);

export const datasetsArgs = {
  list: z.tuple([]),
  get: z.tuple([id]),
  import: z.tuple([datasetImportSchema]),
  export: z.tuple([id, z.enum(['csv', 'json'])]),
} satisfies Record<keyof DatasetsService, z.ZodType>;
