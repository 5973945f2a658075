import { computed, type Ref } from 'vue';
import type { RunRecord, RunSeriesPoint } from '../../shared/domain/run';
import { runColor } from '../charts/palette';

export interface OverlayLine {
  runId: string;
  label: string;
  color: string;
  points: RunSeriesPoint[];
  dashed: boolean;
}

// Beyond this ratio between the longest and the shortest training, a linear axis squeezes the short ones into its first pixels.
const LOG_X_RATIO = 20;

/** What the x axis of each method's loss curve counts (as on the run page). */
const lossAxis: Record<string, string> = { 'mlp-gd': 'epoch', 'logistic-regression': 'iteration' };

function displayName(run: RunRecord): string {
  return run.name || run.id;
}

/**
 * The curves of several runs on one chart: the loss of every run that recorded one, and the
 * MIP primal and dual bounds of the runs that have them (same colour per run; dual dashed).
 */
export function useCompareCurves(runs: Readonly<Ref<RunRecord[]>>, series: Readonly<Ref<Record<string, Record<string, RunSeriesPoint[]>>>>) {
  const lossLines = computed<OverlayLine[]>(() =>
    runs.value.flatMap((run, index) => {
      // Only "loss": a solver's "objective" (a sum, with its regulariser) is on another scale and would flatten the rest.
      const points = series.value[run.id]?.loss;
      return points && points.length > 1 ? [{ runId: run.id, label: displayName(run), color: runColor(index), points, dashed: false }] : [];
    }),
  );

  /** Trainings of very different lengths (100 and 200,000 epochs) read better on a log x axis. */
  const lossLengthsDiffer = computed(() => {
    const ends = lossLines.value.map((line) => line.points[line.points.length - 1]?.x ?? 0).filter((x) => x > 0);
    return ends.length > 1 && Math.max(...ends) / Math.min(...ends) > LOG_X_RATIO;
  });

  const lossAxisTitle = computed(() => {
    const drawn = new Set(lossLines.value.map((line) => line.runId));
    const titles = new Set(runs.value.filter((run) => drawn.has(run.id)).map((run) => lossAxis[run.method] ?? 'step'));
    return [...titles].join(' / ') || 'epoch';
  });

  const boundLines = computed<OverlayLine[]>(() =>
    runs.value.flatMap((run, index) => {
      const byName = series.value[run.id] ?? {};
      return (['primal', 'dual'] as const).flatMap((name) => {
        const points = byName[name];
        return points?.length ? [{ runId: run.id, label: `${displayName(run)}: ${name} bound`, color: runColor(index), points, dashed: name === 'dual' }] : [];
      });
    }),
  );

  return { lossLines, lossLengthsDiffer, lossAxisTitle, boundLines };
}
