/**
 * Parameters of the training methods. They live in shared/ so that the services validate
 * runs and the renderer builds its forms from the same schemas the trainers read.
 */
import { z } from 'zod';
import { activationNames } from '../network';

/** numpy's np.random.seed accepts 0 … 2³² − 1. */
export const MAX_NUMPY_SEED = 4294967295;

export const lossNames = ['bce', 'mse', 'cross_entropy'] as const;
export type LossName = (typeof lossNames)[number];

const scale = z.union([z.number().finite().nonnegative(), z.enum(['he', 'glorot'])]);

export const initSpecSchema = z.discriminatedUnion('dist', [
  z.object({ dist: z.literal('zeros') }).strict(),
  z.object({ dist: z.literal('normal'), std: scale }).strict(),
  z.object({ dist: z.literal('uniform'), limit: scale }).strict(),
  z.object({ dist: z.literal('pytorch') }).strict(),
]);

export type InitSpec = z.infer<typeof initSpecSchema>;

const finite = z.number().finite();
const positive = finite.positive();
const unitInterval = finite.min(0).lt(1);

export const mlpLayerParamsSchema = z
  .object({
    units: z.number().int().min(1).max(100_000),
    activation: z.enum([...activationNames, 'softmax']),
    /** leaky_relu negative slope (default 0.01). */
    alpha: finite.optional(),
    /** softplus sharpness (default 1). */
    beta: positive.optional(),
    bias: z.boolean().default(true),
    /** Default: He normal for relu/leaky_relu/softplus, Glorot normal otherwise (nn/init.ts). */
    init: initSpecSchema.optional(),
  })
  .strict();

const sgdSchema = z
  .object({ name: z.literal('sgd'), lr: positive, momentum: unitInterval.default(0) })
  .strict();

const adamSchema = z
  .object({
    name: z.literal('adam'),
    lr: positive.default(0.001),
    beta1: unitInterval.default(0.9),
    beta2: unitInterval.default(0.999),
    eps: positive.default(1e-8),
  })
  .strict();

export const mlpParamsSchema = z
  .object({
    layers: z.array(mlpLayerParamsSchema).min(1).max(64),
    loss: z
      .enum(['bce', 'mse', 'cross_entropy', 'cross-entropy'])
      .transform((v): LossName => (v === 'cross-entropy' ? 'cross_entropy' : v)),
    optimizer: z.discriminatedUnion('name', [sgdSchema, adamSchema]),
    epochs: z.number().int().min(0).max(1e9),
    /** Mini-batch size; absent (or ≥ N) means full batch. */
    batchSize: z.number().int().min(1).optional(),
    /** Mini-batch only: reshuffle every epoch (default true). */
    shuffle: z.boolean().default(true),
    stopLoss: finite.optional(),
    weightDecay: finite.min(0).default(0),
    rng: z
      .object({ kind: z.literal('numpy'), seed: z.number().int().min(0).max(MAX_NUMPY_SEED) })
      .strict()
      .default({ kind: 'numpy', seed: 0 }),
  })
  .strict()
  .superRefine((p, ctx) => {
    const last = p.layers.length - 1;
    p.layers.forEach((layer, i) => {
      if (layer.activation === 'softmax' && (i !== last || p.loss !== 'cross_entropy')) {
        ctx.addIssue({ code: 'custom', path: ['layers', i, 'activation'], message: "'softmax' is only the last layer's activation, with loss 'cross_entropy'" });
      }
    });
    const units = p.layers[last]!.units;
    if (p.loss === 'bce' && units !== 1) {
      ctx.addIssue({ code: 'custom', path: ['layers', last, 'units'], message: `loss 'bce' needs 1 output unit, got ${units}` });
    }
    if (p.loss === 'cross_entropy' && units < 2) {
      ctx.addIssue({ code: 'custom', path: ['layers', last, 'units'], message: "loss 'cross_entropy' needs one output unit per class (at least 2)" });
    }
  });

export const logisticParamsSchema = z
  .object({
    /** Inverse regularisation strength (sklearn's C). */
    C: z.number().finite().positive().default(1),
    fitIntercept: z.boolean().default(true),
    /** 'auto': Newton for two classes, L-BFGS for more. */
    solver: z.enum(['auto', 'newton', 'lbfgs']).default('auto'),
    maxIter: z.number().int().min(1).max(100_000).default(1000),
    tol: z.number().finite().positive().default(1e-8),
  })
  .strict();


export type MlpParams = z.output<typeof mlpParamsSchema>;
export type LogisticParams = z.output<typeof logisticParamsSchema>;
export type MlpParamsInput = z.input<typeof mlpParamsSchema>;
