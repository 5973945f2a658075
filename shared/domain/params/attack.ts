/** Parameters of the `adversarial` method (DESIGN.md §6), shared by the services, the engine and the forms. */
import { z } from 'zod';
import { attackFormulations, defaultFormulation } from '../formulations';
import { networkSchema } from '../network';

export { attackFormulations, type AttackFormulation } from '../formulations';

const finite = z.number().finite();

export const criterionSchema = z.union([
  z.enum(['all-others', 'any']),
  z.object({ target: z.number().int().min(0) }).strict(),
]);
export type AttackCriterion = z.infer<typeof criterionSchema>;

/** The attack's options (everything but which network and input). */
const optionsShape = {
  /** Input box: a number for every feature or one value per feature. Default [0, 1]. */
  box: z
    .object({
      lower: z.union([finite, z.array(finite).min(1)]).default(0),
      upper: z.union([finite, z.array(finite).min(1)]).default(1),
    })
    .strict()
    .optional(),
  norm: z.enum(['l1', 'linf']).default('l1'),
  criterion: criterionSchema.default('all-others'),
  /** m in the criterion (logit units). */
  margin: finite.default(0.01),
  /** One of shared/domain/formulations.ts. */
  formulation: z.enum(attackFormulations).default(defaultFormulation),
  /** softplus sharpness β. */
  beta: finite.positive().default(1),
  /** sqrt-ReLU: first smoothing ε (squared logit units); then ε/100, … down to 1e-8, and finally 0 (the exact ReLU). */
  epsilon: finite.min(0).max(1e4).default(1e-2),
  tightening: z.enum(['none', 'interval', 'lp']).default('lp'),
  /** Seconds for the whole attack. */
  timeLimit: finite.positive().max(86_400).default(120),
  /** Relative MIP gap at which HiGHS stops (the absolute gap is min(1e-9, mipGap)). */
  mipGap: finite.min(0).max(1).default(1e-6),
  /**
   * Restrict the search to the ball ‖x − x⁰‖ ≤ r: 'auto' takes r from a quick
   * local solve whose answer fools the true network (MIP and LP relaxation only);
   * a number is a radius hint (if no attack lies within it, the result is
   * 'infeasible'); 'none' searches the whole box.
   */
  radius: z.union([z.enum(['auto', 'none']), finite.positive()]).default('auto'),
  /** 'any': one binary per class, one solve per target class, or pick (per-target when a radius is known). */
  anyStrategy: z.enum(['auto', 'binary', 'per-target']).default('auto'),
  /** 'any' with radius 'auto': local solves on this many most promising targets. */
  anyLocalTargets: z.number().int().min(1).max(1000).default(2),
  /**
   * LP tightening also imposes the criterion's rows (valid: bounds only need to
   * hold where the criterion holds). Off by default: on the digits net it costs
   * more LP time than it saves. Per-target solves of 'any' always use their row.
   */
  tightenWithCriterion: z.boolean().default(false),
  /** Local solver: iterations over all smoothing stages. */
  maxIterations: z.number().int().min(1).max(100_000).default(300),
  /** Local solver: initial trust radius (L∞ step); default a quarter of the widest box side. */
  trustRadius: finite.positive().optional(),
  /** A witness is valid when its criterion margin is at least m − witnessTolerance. */
  witnessTolerance: finite.min(0).max(1).default(1e-6),
  /** Give the MIP the best attack known (the local answer) as a starting solution. */
  mipStart: z.boolean().default(true),
  /** Explicit input and pre-activation columns in the MIP (fewer nonzeros). */
  compact: z.boolean().default(true),
  /** Extra HiGHS options for the MIP/LP solves, by snake_case name (experiments). */
  solverOptions: z.record(z.string(), z.union([z.string(), finite, z.boolean()])).optional(),
};

export const adversarialOptionsSchema = z.object(optionsShape).strict();

/**
 * The method's params as stored with a run. `network` is the id of a run whose
 * model is the trained net (or an inline network); the input is `sample` of
 * `split` (default test sample 0) or an explicit `input` vector; `label`
 * overrides the data set's label of the sample.
 */
export const adversarialParamsSchema = z
  .object({
    network: z.union([z.string().min(1), networkSchema]),
    sample: z.number().int().min(0).optional(),
    split: z.enum(['test', 'train', 'all']).default('test'),
    input: z.array(finite).min(1).optional(),
    label: z.number().int().min(0).optional(),
    ...optionsShape,
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.input !== undefined && p.sample !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['input'], message: 'give either sample (with split) or input, not both' });
    }
    if (p.input !== undefined && p.label === undefined) {
      ctx.addIssue({ code: 'custom', path: ['label'], message: 'an explicit input needs its label' });
    }
  });

export type AdversarialParams = z.output<typeof adversarialParamsSchema>;
export type AdversarialParamsInput = z.input<typeof adversarialParamsSchema>;
export type AdversarialOptions = z.output<typeof adversarialOptionsSchema>;
export type AdversarialOptionsInput = z.input<typeof adversarialOptionsSchema>;

