/**
 * The engine's side of the formulation registry: each formulation described
 * in shared/domain/formulations.ts mapped to how it is solved. The attack
 * reaches a formulation only through `engineFormulation(id)`; adding one is a
 * definition there and an entry here.
 */
import { formulationById, type AttackFormulation, type FormulationDefinition } from '../../../shared/domain/formulations';
import type { AdversarialOptions } from '../../../shared/domain/params/attack';
import { sqrtSchedule } from '../nlp/slp';
import type { Smoothing } from '../nlp/smooth';
import type { AttackSetup } from './context';
import { solveGlobal } from './global';
import { runLocalFormulation } from './local';
import type { AdversarialResult } from './types';

export interface EngineFormulation {
  definition: FormulationDefinition;
  /** Solves the checked attack. */
  solve(s: AttackSetup): AdversarialResult;
}

/** A formulation solved on the MIP path; `relaxed`: its binaries relaxed to [0, 1]. */
function global(id: AttackFormulation, relaxed: boolean): EngineFormulation {
  return { definition: formulationById(id), solve: (s) => solveGlobal(s, relaxed) };
}

/** A formulation solved by the local solver through the smoothings `stages` of the options; `name` defaults to its title. */
function local(id: AttackFormulation, stages: (opts: AdversarialOptions) => Smoothing[], name?: (opts: AdversarialOptions) => string): EngineFormulation {
  const definition = formulationById(id);
  return { definition, solve: (s) => runLocalFormulation(s, stages(s.opts), name?.(s.opts) ?? definition.title) };
}

const registry: Record<AttackFormulation, EngineFormulation> = {
  mip: global('mip', false),
  'lp-relaxation': global('lp-relaxation', true),
  'sqrt-relu': local('sqrt-relu', (opts) => sqrtSchedule(opts.epsilon)),
  softplus: local('softplus', (opts) => [{ kind: 'softplus', beta: opts.beta }], (opts) => `softplus β = ${opts.beta}`),
};

export function engineFormulation(id: AttackFormulation): EngineFormulation {
  return registry[id];
}
