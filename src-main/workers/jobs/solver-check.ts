import { highsVersion, loadHighs } from '../../engine/solvers/load-highs';
import type { SolverCheckOutcome } from '../protocol';

/**
 * max x + y s.t. x + 2y ≤ 4, 3x + y ≤ 6, x, y ≥ 0; optimum 2.8 at (1.6, 1.2).
 * Passed as column-wise arrays through the persistent API, the same path the formulations use.
 */
export async function runSolverCheck(): Promise<SolverCheckOutcome> {
  const started = performance.now();
  const highs = await loadHighs();
  const model = highs.createModel({
    numCols: 2,
    numRows: 2,
    sense: highs.constants.objectiveSense.maximize,
    colCost: [1, 1],
    colLower: [0, 0],
    colUpper: [highs.infinity, highs.infinity],
    rowLower: [-highs.infinity, -highs.infinity],
    rowUpper: [4, 6],
    matrix: { format: 'csc', numRows: 2, numCols: 2, starts: [0, 2, 4], indices: [0, 1, 0, 1], values: [1, 3, 2, 1] },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    const status = model.getModelStatus();
    const optimal = status === highs.constants.modelStatus.optimal;
    return {
      solver: highsVersion(highs),
      objective: optimal ? model.getObjectiveValue() : null,
      status: optimal ? 'optimal' : `model status ${status}`,
      ms: performance.now() - started,
    };
  } finally {
    model.dispose();
  }
}
