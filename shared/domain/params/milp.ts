import { z } from 'zod';

/** Parameters of `milp-train` (DESIGN.md §5); the engine's sparse-train.ts reads the same schema. */
export const milpTrainModes = ['exact', 'margin', 'l1'] as const;
export type MilpTrainMode = (typeof milpTrainModes)[number];

export const milpTrainParamsSchema = z
  .object({
    /** Hidden neurons. */
    width: z.number().int().min(1).max(32).default(2),
    /** B_w: bound on |hidden weights| of the continuous model. */
    weightBound: z.number().positive().max(1e6).default(10),
    /** B_b: bound on |hidden biases| of the continuous model. */
    biasBound: z.number().min(0).max(1e6).default(10),
    mode: z.enum(milpTrainModes).default('exact'),
    /** Seconds. */
    timeLimit: z.number().positive().max(86_400).default(60),
    /** Relative MIP gap at which to stop; 0 asks for a proof of optimality. */
    mipGap: z.number().min(0).max(1).default(0),
    /** l1 mode: weight of one connection against one unit of absolute error. */
    lambda: z.number().min(0).max(1e6).default(0.01),
    /** Order hidden neurons (valid: it only removes permuted copies of solutions). */
    symmetryBreaking: z.boolean().default(true),
    /**
     * B_v: bound on |output weights| of the continuous model. The MILP's output
     * weights are in {−1, 0, +1} and its hidden bounds are B_w·B_v and B_b·B_v.
     */
    outputBound: z.number().positive().max(1e6).default(1),
    /**
     * Add valid inequalities (silent neurons are unconnected and inactive, every
     * used neuron is active somewhere, equal inputs on a neuron's features give
     * equal activations, samples with different targets need a connection on a
     * feature where they differ). Off for comparison.
     */
    tightening: z.boolean().default(true),
    /**
     * 'auto': exact and margin modes on data with few features search level by
     * level over connection supports (one small feasibility MILP per network
     * shape, see engine/sparse-train/support-search.ts); otherwise, and with
     * 'single-milp', one MILP over all networks.
     */
    strategy: z.enum(['auto', 'single-milp']).default('auto'),
  })
  .strict();

export type MilpTrainParams = z.output<typeof milpTrainParamsSchema>;

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/**
 * The sentence the UI shows next to the output weights: why {−1, 0, +1} loses
 * nothing against continuous output weights, and which bounds correspond.
 */
export function explainOutputWeights(params: Pick<MilpTrainParams, 'weightBound' | 'biasBound' | 'outputBound'>): string {
  const bw = params.weightBound * params.outputBound;
  const bb = params.biasBound * params.outputBound;
  return (
    `ReLU is positively homogeneous (v·max(0, w·x + b) = sign(v)·max(0, |v|w·x + |v|b)), so output weights in ` +
    `{−1, 0, +1} lose nothing against continuous ones with |v| ≤ ${fmt(params.outputBound)}: the hidden weights ` +
    `absorb |v|, and the MILP bounds them by B_w·B_v = ${fmt(bw)} and B_b·B_v = ${fmt(bb)}, with the same connections.`
  );
}
export type MilpTrainParamsInput = z.input<typeof milpTrainParamsSchema>;

