import { z } from 'zod';
import { networkSchema } from './network';
import { logisticParamsSchema, mlpParamsSchema } from './params/training';
import { sweepParamsSchema } from './params/sweep';
import { milpTrainParamsSchema } from './params/milp';
import { adversarialParamsSchema } from './params/attack';

/**
 * Parameter schemas of every method, keyed by method id. The services validate a
 * run's params against these before anything is queued or stored.
 */
export const methodParamSchemas = {
  evaluate: z.object({ network: networkSchema }).strict(),
  'linear-regression': z
    .object({
      /** Predicted value at or above which a sample is put in class 1. */
      threshold: z.number().finite().default(0.5),
    })
    .strict(),
  'logistic-regression': logisticParamsSchema,
  'mlp-gd': mlpParamsSchema,
  'milp-train': milpTrainParamsSchema,
  adversarial: adversarialParamsSchema,
  sweep: sweepParamsSchema,
} as const;

export type MethodId = keyof typeof methodParamSchemas;
export const methodIds = Object.keys(methodParamSchemas) as MethodId[];
export type MethodParams<M extends MethodId> = z.infer<(typeof methodParamSchemas)[M]>;

export interface MethodInfo {
  id: MethodId;
  title: string;
  summary: string;
  tasks: readonly ('binary' | 'multiclass' | 'regression')[];
}

export const methodCatalog: Record<MethodId, MethodInfo> = {
  evaluate: {
    id: 'evaluate',
    title: 'Evaluate a network',
    summary: 'Forward pass of a given network: layer-by-layer pre-activations, activations and outputs.',
    tasks: ['binary', 'multiclass', 'regression'],
  },
  'linear-regression': {
    id: 'linear-regression',
    title: 'Linear regression',
    summary: 'Least squares with an intercept; classifies by thresholding the prediction (0.5 by default).',
    tasks: ['binary', 'regression'],
  },
  'logistic-regression': {
    id: 'logistic-regression',
    title: 'Logistic regression',
    summary: 'Binary or multinomial, L2-regularised with parameter C (sklearn convention); Newton or L-BFGS.',
    tasks: ['binary', 'multiclass'],
  },
  'mlp-gd': {
    id: 'mlp-gd',
    title: 'Gradient descent (MLP)',
    summary: 'Dense network trained by SGD (momentum) or Adam, full batch or mini-batch; numpy-reproducible initial weights.',
    tasks: ['binary', 'multiclass', 'regression'],
  },
  'milp-train': {
    id: 'milp-train',
    title: 'Sparse exact training (MILP)',
    summary: 'The one-hidden-layer ReLU net of a given width with the fewest connections that fits the data, with a proof of optimality from HiGHS.',
    tasks: ['binary', 'regression'],
  },
  adversarial: {
    id: 'adversarial',
    title: 'Adversarial attack',
    summary: 'The smallest input change (L1 or L∞) that flips a trained net’s decision: exact MIP with bound tightening, its LP relaxation (a certified lower bound), or local sqrt-ReLU / softplus solves.',
    tasks: ['binary', 'multiclass'],
  },
  sweep: {
    id: 'sweep',
    title: 'Sweep',
    summary: 'Another method over a grid of parameter values and/or N seeds, spread over the worker pool, with aggregates and the share of stuck runs.',
    tasks: ['binary', 'multiclass', 'regression'],
  },
};

/** The hand-made XOR networks of DESIGN.md §1, offered as starting points. */
export const exampleNetworks = {
  'xor-abs': {
    title: 'XOR net W = [[1,−1],[−1,1]], b = 0, v = [1,1]',
    network: {
      layers: [
        { W: [[1, -1], [-1, 1]], b: [0, 0], activation: 'relu' as const },
        { W: [[1, 1]], b: [0], activation: 'identity' as const },
      ],
      output: 'identity' as const,
    },
  },
  'xor-sum': {
    title: 'XOR net W = [[1,1],[1,1]], c = [0,−1], w = [1,−2]',
    network: {
      layers: [
        { W: [[1, 1], [1, 1]], b: [0, -1], activation: 'relu' as const },
        { W: [[1, -2]], b: [0], activation: 'identity' as const },
      ],
      output: 'identity' as const,
    },
  },
};
