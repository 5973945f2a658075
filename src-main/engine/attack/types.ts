/** Result, progress and hook types of the adversarial attack (see adversarial.ts). */
import type { AttackCriterion, AttackFormulation } from '../../../shared/domain/params/attack';
import type { BoundsMethod, NormName } from '../bounds/bounds';

export type AttackStatus =
  | 'optimal'
  | 'time-limit'
  | 'infeasible'
  | 'local-optimum'
  | 'iteration-limit'
  | 'interrupted'
  | 'error';

export interface Witness {
  /** Class of x by the true network (argmax of the logits). */
  predicted: number;
  /** The criterion's achieved logit margin at x (all-others: minᵢ oᵢ − o_c; any: maxᵢ oᵢ − o_c; target k: minᵢ o_k − oᵢ). */
  margin: number;
  /** The margin the criterion asks for (m). */
  required: number;
  /** margin ≥ m − witnessTolerance. */
  valid: boolean;
  logits: number[];
}

export interface LocalDetails {
  status: string;
  stopReason: string;
  message: string;
  iterations: number;
  trustRadius: number;
  /** Largest criterion violation on the smooth network. */
  violation: number;
  penalty: number;
  objective: number;
  timeMs: number;
  lpSolves: number;
}

export interface TargetSolve {
  target: number;
  /** 'pruned': the target's logit difference cannot reach m within the ball (no solve needed). */
  status: AttackStatus | 'pruned';
  objective: number | null;
  bound: number | null;
  timeMs: number;
  binaries: number;
  unstableNeurons: number;
}

export interface AdversarialProgress {
  phase: 'local' | 'bounds' | 'solve';
  elapsedMs: number;
  /** MIP: best objective / bound / gap / nodes (null when not known). */
  primal: number | null;
  dual: number | null;
  gap: number | null;
  nodes: number;
  /** 'any' per target, local solves per target. */
  target?: number;
  /** Local solver iterate. */
  iteration?: number;
  objective?: number;
  violation?: number;
  trustRadius?: number;
  message?: string;
}

export interface AdversarialHooks {
  onProgress?: (progress: AdversarialProgress) => void;
  shouldStop?: () => boolean;
  onLog?: (line: string) => void;
}

export interface AdversarialResult {
  status: AttackStatus;
  message: string;
  formulation: AttackFormulation;
  norm: NormName;
  criterion: AttackCriterion;
  margin: number;
  tightening: BoundsMethod;
  /** ‖x − x⁰‖ of the returned x (null without one). */
  objective: number | null;
  /** Certified lower bound on the optimum (MIP dual bound, LP value); null for local formulations. */
  bound: number | null;
  /** (objective − bound) / max(|objective|, 1e-9); 0 when proven optimal. */
  gap: number | null;
  timeMs: number;
  variables: number;
  constraints: number;
  binaries: number;
  /** Hidden ReLU neurons stable / unstable under the bounds used (null for local formulations). */
  stableNeurons: number | null;
  unstableNeurons: number | null;
  /** Neurons that LP tightening made stable. */
  tightenedStable: number;
  nodes: number;
  x: number[] | null;
  x0: number[];
  label: number;
  /** Class and logits of x⁰ by the true network. */
  originalPredicted: number;
  originalLogits: number[];
  witness: Witness | null;
  /** Local solver details: the formulation's own solve, or the MIP's starting solve. */
  local: LocalDetails | null;
  /** Ball the MIP/LP was restricted to, and where its radius came from. */
  radius: { value: number | null; source: 'local' | 'hint' | 'none' };
  /** 'any': the strategy used and the per-target solves. */
  anyStrategy: 'binary' | 'per-target' | null;
  targets: TargetSolve[];
  bounds: { method: BoundsMethod; timeMs: number; lpSolves: number; status: string } | null;
  timings: { localMs: number; boundsMs: number; solveMs: number };
  log: string;
}


/** An attack that the witness has checked, with its distance from x⁰. */
export interface Candidate {
  x: number[];
  objective: number;
  witness: Witness;
}
