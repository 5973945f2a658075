/**
 * `adversarial`: the smallest change of an input x⁰ (label c) that makes a
 * trained dense ReLU network meet a decision criterion on its logits o(x)
 * (DESIGN.md §6):
 *
 *   minimise ‖x − x⁰‖ (L1 or L∞)  s.t.  x ∈ box,
 *     'all-others':  oᵢ ≥ o_c + m for every i ≠ c
 *     'any':         oᵢ ≥ o_c + m for some i ≠ c
 *     {target: k}:   o_k ≥ oᵢ + m for every i ≠ k
 *
 * Formulations:
 *  - 'mip': x = x⁰ + p − n (p, n ≥ 0; L1 objective Σ(p + n); L∞ objective t
 *    with |x − x⁰| ≤ t), explicit input columns and, for unstable neurons,
 *    pre-activation columns ẑ (`compact`, fewer nonzeros). Per hidden ReLU with
 *    ẑ ∈ [l, u]: stable neurons get no binary (u ≤ 0: h = 0; l ≥ 0: h = ẑ);
 *    unstable ones h ≥ ẑ, h ≥ 0, h ≤ ẑ − l(1 − σ), h ≤ uσ, σ ∈ {0, 1}. The
 *    logits are affine expressions of the last hidden layer.
 *  - 'lp-relaxation': the same with σ ∈ [0, 1]; its optimum is a certified lower
 *    bound on the MIP optimum.
 *  - 'sqrt-relu', 'softplus': the local trust-region SLP of engine/nlp from x⁰,
 *    on the network with ReLU written as (z + √(z² + ε))/2 (continuation in ε
 *    down to 0, the exact ReLU) or as log(1 + e^{βz})/β. Local answers.
 *
 * Bounds ('tightening'): 'none' (a wide valid box, every neuron unstable; its
 * big M needs HiGHS's integrality tolerance at 1e-9), 'interval', 'lp'
 * (engine/bounds/bounds.ts). The region they hold over is the box, intersected —
 * when an attack of norm r is known (`radius`: 'auto' runs a quick sqrt-ReLU
 * local solve first; or a number) — with the ball ‖x − x⁰‖ ≤ r: the optimum
 * lies in that ball, so bounds over it are valid for finding it, and the ball
 * is also an objective cutoff. The local attack is also the MIP's starting
 * solution (`mipStart`), and then HiGHS's sub-MIP heuristics are switched off:
 * the tree search has nothing left to find but the proof.
 *
 * 'any' is solved either with one binary per class (oᵢ − o_c − m ≥ −Mᵢ(1 − yᵢ),
 * Σ yᵢ ≥ 1, Mᵢ from a lower bound of oᵢ − o_c over the region, by LP under
 * 'lp' tightening) or by one
 * solve per target class (oᵢ − o_c ≥ m alone) over the ball of the best attack
 * so far, settling without a MIP the targets that cannot reach m inside it
 * (interval reachability, LP relaxation value ≥ radius, LP tightening found
 * the ball empty); the answer is the smallest. 'auto' uses binaries, except
 * per-target when the ball of a known attack leaves at most
 * PER_TARGET_MAX_UNSTABLE neurons unstable: on the digits net one tree over
 * the ball beat nine (one per target), mostly because each per-target solve
 * pays for its own bounds and proof of infeasibility.
 *
 * MIP answers are polished: the exact optimum of the answer's linear region
 * (one LP, activation pattern fixed) replaces it when valid and no worse, which
 * removes the slack HiGHS's tolerances leave.
 *
 * Every answer is re-checked by a forward pass of the TRUE ReLU network in
 * double precision (the witness): predicted class, the criterion's achieved
 * logit margin and whether it meets m (within `witnessTolerance`).
 *
 * The implementation lives beside this file (criterion, attack-model, local,
 * any-criterion, region, run); this module is the attack room's public entry.
 */
export {
  adversarialOptionsSchema,
  adversarialParamsSchema,
  attackFormulations,
  criterionSchema,
  type AdversarialOptions,
  type AdversarialOptionsInput,
  type AdversarialParams,
  type AdversarialParamsInput,
  type AttackCriterion,
  type AttackFormulation,
} from '../../../shared/domain/params/attack';
export type {
  AdversarialHooks,
  AdversarialProgress,
  AdversarialResult,
  AttackStatus,
  LocalDetails,
  TargetSolve,
  Witness,
} from './types';
export { criterionMargin, criterionRows, withTwoLogits, witnessOf } from './criterion';
export { buildAttackModel, type AttackModel, type AttackModelSpec, type CriterionSpec } from './attack-model';
export { PER_TARGET_MAX_UNSTABLE } from './any-criterion';
export { START_OPTIONS, WIDE_BOX_OPTIONS } from './context';
export { runAdversarial } from './run';
export { intervalDifference, regionOptimum } from './region';
