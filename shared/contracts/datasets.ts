import { z } from 'zod';
import { datasetDataSchema, tasks, type Dataset, type DatasetData, type DatasetSummary, type DatasetVersionInfo, type Task } from '../domain/dataset';
import { generatorParamsSchema, type GeneratorParamsInput } from '../domain/params/generators';

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

export interface ImportPreview {
  name: string;
  task: Task;
  featureNames: string[];
  rows: number;
  classNames?: string[];
  /** The first rows, as they will be stored. */
  head: Pick<DatasetData, 'X' | 'y'>;
}

export const datasetUpdateSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(10_000).optional(),
    /** New data: stored as a new version; runs keep the version they used. */
    data: datasetDataSchema.optional(),
    /** What changed, kept with the version. */
    note: z.string().max(500).optional(),
  })
  .strict();
export type DatasetUpdate = z.input<typeof datasetUpdateSchema>;

export interface DatasetsService {
  list(): Promise<DatasetSummary[]>;
  get(id: string, version?: number): Promise<Dataset>;
  versions(id: string): Promise<DatasetVersionInfo[]>;
  import(input: DatasetImport): Promise<DatasetSummary>;
  /** Parses and validates like import, stores nothing. */
  previewImport(input: DatasetImport): Promise<ImportPreview>;
  export(id: string, format: 'csv' | 'json', version?: number): Promise<DatasetExport>;
  generate(params: GeneratorParamsInput): Promise<DatasetSummary>;
  update(id: string, update: DatasetUpdate): Promise<DatasetSummary>;
  duplicate(id: string, name?: string): Promise<DatasetSummary>;
  /** Moves a data set to the trash (undo with restore); built-in sets cannot be deleted. */
  delete(id: string): Promise<{ deleted: boolean }>;
  restore(id: string): Promise<DatasetSummary>;
}

const id = z.string().min(1).max(200);

export const datasetsArgs = {
  list: z.tuple([]),
  get: z.tuple([id, z.number().int().min(1).optional()]),
  versions: z.tuple([id]),
  import: z.tuple([datasetImportSchema]),
  previewImport: z.tuple([datasetImportSchema]),
  export: z.tuple([id, z.enum(['csv', 'json']), z.number().int().min(1).optional()]),
  generate: z.tuple([generatorParamsSchema]),
  update: z.tuple([id, datasetUpdateSchema]),
  duplicate: z.tuple([id, z.string().min(1).max(200).optional()]),
  delete: z.tuple([id]),
  restore: z.tuple([id]),
} satisfies Record<keyof DatasetsService, z.ZodType>;
