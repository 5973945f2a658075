import { computed, watch, type Ref } from 'vue';
import type { RunRecord, RunSeriesPoint } from '../../shared/domain/run';
import { isFinished, useRunsStore } from '../stores/runs';

/**
 * The solver's primal (best network found) and dual (proven lower bound) over time: streamed
 * into the runs store while the run solves, the stored series once it has finished.
 */
export function useMilpBounds(run: Readonly<Ref<RunRecord | null>>) {
  const runs = useRunsStore();

  const current = computed(() => (run.value && runs.series?.runId === run.value.id ? runs.series : null));
  const live = computed(() => (run.value ? !isFinished(run.value.status) : false));

  /**
   * The solver reports only when something changes; a finished solve holds its last values to
   * the end, so that the final step (often the proof) is drawn instead of stopping mid-chart.
   */
  function heldToEnd(points: RunSeriesPoint[], finalValue: number | undefined): RunSeriesPoint[] {
    const endSeconds = run.value?.metrics.solveMs;
    const last = points[points.length - 1];
    if (live.value || endSeconds === undefined) return points;
    // Solved before the first progress report (in presolve): the final value is the whole story.
    if (!last) return finalValue === undefined ? points : [{ step: 0, x: endSeconds / 1000, y: finalValue }];
    if (last.x >= endSeconds / 1000) return points;
    // The stored metric is rounded (1.0000000000000002 becomes 1): only a real change is a step.
    const changed = finalValue !== undefined && Math.abs(finalValue - last.y) > 1e-6 * Math.max(1, Math.abs(last.y));
    return [...points, { step: last.step + 1, x: endSeconds / 1000, y: changed ? finalValue : last.y }];
  }

  const primal = computed(() => heldToEnd(current.value?.series.primal ?? [], run.value?.metrics.objective));
  const dual = computed(() => heldToEnd(current.value?.series.dual ?? [], run.value?.metrics.bound));

  // useRunPage loads stored series only for the methods with a training curve.
  watch(
    () => [run.value?.id, run.value?.status] as const,
    ([runId, status]) => {
      if (runId && status && isFinished(status)) void runs.loadSeries(runId);
    },
    { immediate: true },
  );

  return { primal, dual, live };
}
