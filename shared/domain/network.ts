import { z } from 'zod';

export const activationNames = ['identity', 'relu', 'leaky_relu', 'sigmoid', 'tanh', 'softplus'] as const;
export type ActivationName = (typeof activationNames)[number];

export const outputHeads = ['identity', 'sigmoid', 'softmax'] as const;
export type OutputHead = (typeof outputHeads)[number];

/** Guards against absurd payloads before any allocation happens. */
export const MAX_NETWORK_WEIGHTS = 1_000_000;

const finite = z.number().finite();

export const layerSchema = z
  .object({
    W: z.array(z.array(finite).min(1)).min(1),
    b: z.array(finite).min(1),
    activation: z.enum(activationNames),
    alpha: finite.optional(),
    beta: z.number().positive().finite().optional(),
  })
  .strict()
  .superRefine((layer, ctx) => {
    const inputs = layer.W[0]?.length ?? 0;
    layer.W.forEach((row, i) => {
      if (row.length !== inputs) {
        ctx.addIssue({ code: 'custom', path: ['W', i], message: `row ${i} of W has ${row.length} entries, expected ${inputs}` });
      }
    });
    if (layer.b.length !== layer.W.length) {
      ctx.addIssue({ code: 'custom', path: ['b'], message: `b has ${layer.b.length} entries but W has ${layer.W.length} rows` });
    }
  });

export type Layer = z.infer<typeof layerSchema>;

export const networkSchema = z
  .object({
    layers: z.array(layerSchema).min(1).max(64),
    output: z.enum(outputHeads).default('identity'),
  })
  .strict()
  .superRefine((net, ctx) => {
    let weights = 0;
    net.layers.forEach((layer, i) => {
      weights += layer.W.length * (layer.W[0]?.length ?? 0);
      if (i === 0) return;
      const previousUnits = net.layers[i - 1]!.W.length;
      const inputs = layer.W[0]?.length ?? 0;
      if (inputs !== previousUnits) {
        ctx.addIssue({
          code: 'custom',
          path: ['layers', i, 'W'],
          message: `layer ${i} takes ${inputs} inputs but layer ${i - 1} has ${previousUnits} units`,
        });
      }
    });
    if (weights > MAX_NETWORK_WEIGHTS) {
      ctx.addIssue({ code: 'custom', path: ['layers'], message: `the network has ${weights} weights; the limit is ${MAX_NETWORK_WEIGHTS}` });
    }
  });

export type Network = z.infer<typeof networkSchema>;

export function inputSize(net: Network): number {
  return net.layers[0]!.W[0]!.length;
}

export function outputSize(net: Network): number {
  return net.layers[net.layers.length - 1]!.W.length;
}
