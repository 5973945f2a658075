import { solveModel } from '../../engine/highs/highs';
import { highsVersion, loadHighs } from '../../engine/highs/load-highs';
import { expr, MilpModel } from '../../engine/model/model';
import type { SolverCheckOutcome } from '../protocol';

/**
 * max x + y s.t. x + 2y ≤ 4, 3x + y ≤ 6, x, y ≥ 0; optimum 2.8 at (1.6, 1.2).
 * Built and solved through the modelling layer and the HiGHS adapter, the path every formulation takes.
 */
export async function runSolverCheck(): Promise<SolverCheckOutcome> {
  const started = performance.now();
  const highs = await loadHighs();
  const model = new MilpModel('solver_check');
  const x = model.addVar({ name: 'x' });
  const y = model.addVar({ name: 'y' });
  model.addConstraint('c1', expr(x, [2, y]), '<=', 4);
  model.addConstraint('c2', expr([3, x], y), '<=', 6);
  model.maximize(expr(x, y));
  const result = solveModel(highs, model, { keepLog: false });
  return {
    solver: highsVersion(highs),
    objective: result.status === 'optimal' ? result.objective : null,
    status: result.status === 'optimal' ? 'optimal' : `${result.status}: ${result.message}`,
    ms: performance.now() - started,
  };
}
