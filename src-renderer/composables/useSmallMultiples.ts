import { computed, watch, type Ref } from 'vue';
import type { DecisionGrid } from '../../shared/contracts/runs';
import type { Dataset } from '../../shared/domain/dataset';
import type { RunRecord } from '../../shared/domain/run';
import { paddedRange } from '../charts/points';
import { gridResolution, hasDrawableModel, networkOf } from '../results/model';
import { useComparisonStore, type Bounds } from '../stores/comparison';

// Several plots share the host's time: coarser than the run page's, still smooth at this size.
const MULTIPLE_RESOLUTION = 120;
// The margin the host gives a run page's grid (engine/nn/grid.ts), so that a run looks the same in both places.
const GRID_MARGIN = 0.25;

export interface BoundaryPanel {
  run: RunRecord;
  index: number;
  dataset: Dataset;
  grid: DecisionGrid | null;
  error: string | null;
}

function extent(values: Iterable<number>, into: [number, number]): void {
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value < into[0]) into[0] = value;
    if (value > into[1]) into[1] = value;
  }
}

/**
 * One decision-boundary plot per run that has a model on a two-feature data set, all over the
 * same square of input space (the union of the runs' data ranges, with a margin), so that the
 * plots can be compared by eye.
 */
export function useSmallMultiples(runs: Readonly<Ref<RunRecord[]>>) {
  const comparison = useComparisonStore();

  const planarRuns = computed(() =>
    runs.value
      .map((run, index) => ({ run, index, dataset: comparison.datasetOf(run) }))
      .filter((entry): entry is { run: RunRecord; index: number; dataset: Dataset } => entry.dataset !== null && entry.dataset.data.featureNames.length === 2)
      .filter(({ run }) => hasDrawableModel(run) && networkOf(run) !== null),
  );

  /** Runs that cannot have a boundary plot, and why: said rather than silently left out. */
  const skipped = computed(() =>
    runs.value.flatMap((run) => {
      const dataset = comparison.datasetOf(run);
      if (!dataset) return [];
      if (dataset.data.featureNames.length !== 2) return [{ run, reason: `${dataset.data.featureNames.length} input features` }];
      if (!hasDrawableModel(run)) return [{ run, reason: `${run.status}, no trained model` }];
      if (!networkOf(run)) return [{ run, reason: 'no network to draw' }];
      return [];
    }),
  );

  const sharedBounds = computed<Bounds | null>(() => {
    if (!planarRuns.value.length) return null;
    const xs: [number, number] = [Infinity, -Infinity];
    const ys: [number, number] = [Infinity, -Infinity];
    const seen = new Set<Dataset>();
    for (const { dataset } of planarRuns.value) {
      if (seen.has(dataset)) continue;
      seen.add(dataset);
      extent(dataset.data.X.map((row) => row[0] ?? NaN), xs);
      extent(dataset.data.X.map((row) => row[1] ?? NaN), ys);
    }
    if (!Number.isFinite(xs[0]) || !Number.isFinite(ys[0])) return null;
    const [xmin, xmax] = paddedRange(xs, GRID_MARGIN);
    const [ymin, ymax] = paddedRange(ys, GRID_MARGIN);
    return [xmin, xmax, ymin, ymax];
  });

  watch(
    [planarRuns, sharedBounds],
    ([entries, bounds]) => {
      if (!bounds) return;
      for (const { run } of entries) void comparison.loadGrid(run.id, bounds, gridResolution(networkOf(run), MULTIPLE_RESOLUTION));
    },
    { immediate: true },
  );

  const panels = computed<BoundaryPanel[]>(() =>
    planarRuns.value.map(({ run, index, dataset }) => {
      const state = comparison.grids[run.id];
      return { run, index, dataset, grid: state?.grid ?? null, error: state?.error ?? null };
    }),
  );

  return { panels, skipped, sharedBounds };
}
