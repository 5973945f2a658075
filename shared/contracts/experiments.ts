import { z } from 'zod';
import type { RunSummary } from '../domain/run';

export interface Experiment {
  id: string;
  name: string;
  dataset: string | null;
  notes: string;
  createdAt: string;
  runCount: number;
}

export const experimentCreateSchema = z
  .object({
    name: z.string().min(1).max(200),
    dataset: z.string().min(1).max(200).optional(),
    notes: z.string().max(100_000).optional(),
  })
  .strict();
export type ExperimentCreate = z.input<typeof experimentCreateSchema>;

/** A one-click experiment: a data set and the runs to launch on it (assets/presets/*.json). */
export const presetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    description: z.string(),
    dataset: z.string().min(1),
    runs: z.array(z.object({ name: z.string(), method: z.string(), params: z.record(z.string(), z.unknown()) }).strict()).min(1),
  })
  .strict();
export type Preset = z.infer<typeof presetSchema>;

export interface ExperimentsService {
  list(): Promise<Experiment[]>;
  get(id: string): Promise<{ experiment: Experiment; runs: RunSummary[] }>;
  create(input: ExperimentCreate): Promise<Experiment>;
  presets(): Promise<Preset[]>;
  /** Creates the experiment and starts all its runs on the worker pool. */
  runPreset(id: string): Promise<{ experiment: Experiment; runs: RunSummary[] }>;
}

export const experimentsArgs = {
  list: z.tuple([]),
  get: z.tuple([z.string().min(1).max(100)]),
  create: z.tuple([experimentCreateSchema]),
  presets: z.tuple([]),
  runPreset: z.tuple([z.string().min(1).max(100)]),
} satisfies Record<keyof ExperimentsService, z.ZodType>;
