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

export interface ExperimentsService {
  list(): Promise<Experiment[]>;
  get(id: string): Promise<{ experiment: Experiment; runs: RunSummary[] }>;
  create(input: ExperimentCreate): Promise<Experiment>;
}

export const experimentsArgs = {
  list: z.tuple([]),
  get: z.tuple([z.string().min(1).max(100)]),
  create: z.tuple([experimentCreateSchema]),
} satisfies Record<keyof ExperimentsService, z.ZodType>;
