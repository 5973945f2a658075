import { z } from 'zod';

export const generatorNames = ['noisy-xor', 'circles', 'moons', 'blobs', 'spirals'] as const;
export type GeneratorName = (typeof generatorNames)[number];

export const generatorParamsSchema = z
  .object({
    generator: z.enum(generatorNames),
    /** Number of points. */
    n: z.number().int().min(2).max(100_000).default(200),
    /** Gaussian noise added to every coordinate (standard deviation). */
    noise: z.number().min(0).max(10).default(0.1),
    /** Share of class 1 for two classes; for blobs and spirals, classes share equally. */
    balance: z.number().min(0.05).max(0.95).default(0.5),
    /** blobs and spirals only. */
    classes: z.number().int().min(2).max(10).default(2),
    seed: z.number().int().min(0).max(4294967295).default(0),
    name: z.string().min(1).max(200).optional(),
  })
  .strict();
export type GeneratorParams = z.output<typeof generatorParamsSchema>;
export type GeneratorParamsInput = z.input<typeof generatorParamsSchema>;

export const generatorInfo: Record<GeneratorName, { title: string; summary: string }> = {
  'noisy-xor': { title: 'Noisy XOR', summary: 'Points around the four corners of the unit square, labelled by exclusive or.' },
  circles: { title: 'Circles', summary: 'An inner disc (class 1) inside an outer ring (class 0).' },
  moons: { title: 'Moons', summary: 'Two interleaving half circles.' },
  blobs: { title: 'Gaussian blobs', summary: 'One Gaussian cluster per class, centres on a circle.' },
  spirals: { title: 'Spirals', summary: 'Interleaved spiral arms, one per class.' },
};
