/**
 * The ReLU formulations of the attack (DESIGN.md §6), described once: what
 * each one is (an exact answer, a certified bound, or a local answer), its
 * title, colour and the options it reads. Pure data, so that every list — the
 * params schema, the engine's registry (engine/attack/formulations.ts), the
 * forms and the result views — comes from here, in the way
 * gurobi-machinelearning maps model kinds to formulation classes.
 */

/**
 * exact: proves the optimum (up to the gap); bound: a certified lower bound on
 * it, whose point need not fool the net; local: a point found by a local
 * method, without any guarantee.
 */
export type FormulationKind = 'exact' | 'bound' | 'local';

/** Attack options a formulation reads beyond the common ones (norm, criterion, margin, box, time limit). */
export type FormulationParam =
  | 'tightening'
  | 'radius'
  | 'mipStart'
  | 'mipGap'
  | 'compact'
  | 'anyStrategy'
  | 'anyLocalTargets'
  | 'tightenWithCriterion'
  | 'solverOptions'
  | 'epsilon'
  | 'beta'
  | 'maxIterations'
  | 'trustRadius';

export interface FormulationDefinition {
  readonly id: string;
  readonly kind: FormulationKind;
  /** Short name for tables and legends. */
  readonly title: string;
  /** Title with its kind, for choosers. */
  readonly longTitle: string;
  /** One sentence on what it does and what its answer means. */
  readonly summary: string;
  /** Hex colour for charts and legends. */
  readonly colour: string;
  readonly params: readonly FormulationParam[];
}

/** The options of the MIP path (exact and bound formulations). */
const globalParams = ['tightening', 'radius', 'compact', 'anyStrategy', 'anyLocalTargets', 'tightenWithCriterion', 'solverOptions'] as const;
/** The options of the local solver. */
const localParams = ['maxIterations', 'trustRadius'] as const;

export const formulations = [
  {
    id: 'mip',
    kind: 'exact',
    title: 'MIP',
    longTitle: 'MIP (global, exact)',
    summary: 'One binary per unstable neuron; HiGHS proves the optimum.',
    colour: '#2f62b8',
    params: [...globalParams, 'mipStart', 'mipGap'],
  },
  {
    id: 'lp-relaxation',
    kind: 'bound',
    title: 'LP relaxation',
    longTitle: 'LP relaxation (lower bound)',
    summary: 'Binaries relaxed to [0, 1]: a certified lower bound, its point need not fool the net.',
    colour: '#7a6a55',
    params: globalParams,
  },
  {
    id: 'sqrt-relu',
    kind: 'local',
    title: 'sqrt-ReLU',
    longTitle: 'sqrt-ReLU (local)',
    summary: 'ReLU as (z + √z²)/2, solved locally from x⁰: no optimality guarantee.',
    colour: '#3f9b5a',
    params: ['epsilon', ...localParams],
  },
  {
    id: 'softplus',
    kind: 'local',
    title: 'softplus',
    longTitle: 'softplus β (local)',
    summary: 'ReLU replaced by log(1 + e^{βz})/β, a smooth net, solved locally: no guarantee.',
    colour: '#c9a227',
    params: ['beta', ...localParams],
  },
] as const satisfies readonly FormulationDefinition[];

export type AttackFormulation = (typeof formulations)[number]['id'];

export const attackFormulations = formulations.map((f) => f.id) as [AttackFormulation, ...AttackFormulation[]];

/** The formulation an attack uses when none is named. */
export const defaultFormulation: AttackFormulation = formulations[0].id;

export function formulationById(id: AttackFormulation): FormulationDefinition {
  const found = formulations.find((f) => f.id === id);
  if (!found) throw new Error(`unknown formulation "${id}"`);
  return found;
}
