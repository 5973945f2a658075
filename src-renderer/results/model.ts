import { networkSchema, type Network } from '../../shared/domain/network';
import { successfulStatuses, type RunRecord } from '../../shared/domain/run';

/** The trained model, or for `evaluate` the given network: whatever the run's plots are drawn from. */
export function networkOf(run: RunRecord): Network | null {
  if (run.model) return run.model;
  const parsed = networkSchema.safeParse(run.params.network);
  return parsed.success ? parsed.data : null;
}

/**
 * A run that ended with an answer (completed, or a solver's optimal / time-limit / local optimum)
 * has a model to draw; so does a cancelled training, which keeps the weights it had reached.
 * A failed verification is never drawn as if it were an answer.
 */
export function hasDrawableModel(run: RunRecord): boolean {
  return successfulStatuses.includes(run.status) || (run.status === 'cancelled' && run.model !== null);
}

export const FULL_GRID_RESOLUTION = 200;
const MIN_GRID_RESOLUTION = 40;
// The grid costs resolution² forward passes; a big network at full resolution keeps the host busy for minutes.
const MAX_GRID_MULTIPLY_ADDS = 4e8;

/** The finest decision grid affordable for this network, at most `wanted` samples a side. */
export function gridResolution(net: Network | null, wanted = FULL_GRID_RESOLUTION): number {
  const weights = net?.layers.reduce((sum, layer) => sum + layer.W.length * (layer.W[0]?.length ?? 0), 0) ?? 0;
  if (!weights) return wanted;
  const affordable = Math.floor(Math.sqrt(MAX_GRID_MULTIPLY_ADDS / weights));
  return Math.max(MIN_GRID_RESOLUTION, Math.min(wanted, affordable));
}
