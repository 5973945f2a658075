import { computed, onBeforeUnmount, watch } from 'vue';
import { useRoute, useRouter, type LocationQueryValue } from 'vue-router';
import { comparisonRow } from '../../shared/domain/compare';
import type { ReportTarget } from './useReportExport';
import { useCompareSelectionStore, MAX_COMPARED_RUNS } from '../stores/compareSelection';
import { useComparisonStore, type ComparisonSource } from '../stores/comparison';
import { isFinished, useRunsStore } from '../stores/runs';

// Runs of an experiment finish in bursts: reload once per burst.
const REFRESH_DELAY_MS = 300;

/** Where the list of runs comes from: `?runs=a,b` (a link), `?experiment=ID`, or the user's selection. */
export type CompareOrigin = 'link' | 'experiment' | 'selection';

function firstValue(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const single = Array.isArray(value) ? value[0] : value;
  return typeof single === 'string' ? single : '';
}

/** The ids in `?runs=`, without blanks and repeats, at most as many as a comparison takes. */
export function parseRunIds(text: string): string[] {
  return [...new Set(text.split(',').map((id) => id.trim()).filter(Boolean))].slice(0, MAX_COMPARED_RUNS);
}

/** The Compare view: which runs, loaded and kept current, and what the page can do with them. */
export function useComparePage() {
  const route = useRoute();
  const router = useRouter();
  const selection = useCompareSelectionStore();
  const comparison = useComparisonStore();
  const runsStore = useRunsStore();
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  const origin = computed<CompareOrigin>(() => {
    if (firstValue(route.query.experiment)) return 'experiment';
    if (firstValue(route.query.runs)) return 'link';
    return 'selection';
  });

  const source = computed<ComparisonSource>(() => {
    const experimentId = firstValue(route.query.experiment);
    if (experimentId) return { kind: 'experiment', id: experimentId };
    const linked = firstValue(route.query.runs);
    return { kind: 'runs', ids: linked ? parseRunIds(linked) : [...selection.ids] };
  });

  const runs = computed(() => comparison.runs);
  const rows = computed(() => runs.value.map((run) => comparisonRow(run)));
  const activeCount = computed(() => runs.value.filter((run) => !isFinished(run.status)).length);
  const indexOf = computed(() => new Map(runs.value.map((run, index) => [run.id, index])));

  const reportTarget = computed<ReportTarget>(() =>
    source.value.kind === 'experiment' ? { experimentId: source.value.id } : { runs: runs.value.map((run) => run.id) },
  );
  const suggestedTitle = computed(() =>
    comparison.experiment && origin.value === 'experiment' ? `ReLU Lab report: ${comparison.experiment.name}` : `ReLU Lab report: ${runs.value.length} runs`,
  );

  // Keyed by content: a new but equal source (any query change) must not reload. Leaving the
  // page changes the route before the page unmounts; that change is not a new comparison.
  watch(
    () => (route.path === '/compare' ? JSON.stringify(source.value) : null),
    (key) => {
      if (key) void comparison.load(source.value);
    },
    { immediate: true },
  );

  // Runs still in progress get their results when they finish.
  watch(
    () => runsStore.statusChanges,
    () => {
      if (!activeCount.value) return;
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void comparison.load(source.value, true), REFRESH_DELAY_MS);
    },
  );
  onBeforeUnmount(() => clearTimeout(refreshTimer));

  // Runs deleted since they were selected would otherwise stay in the selection for good.
  watch(
    () => comparison.missing,
    (gone) => {
      if (origin.value === 'selection') for (const id of gone) selection.remove(id);
    },
  );

  /** Takes a run out of the comparison; a link or an experiment becomes a link to the rest. */
  function remove(id: string): void {
    if (origin.value === 'selection') {
      selection.remove(id);
      return;
    }
    const rest = runs.value.map((run) => run.id).filter((runId) => runId !== id);
    void router.replace({ path: '/compare', query: { runs: rest.join(',') } });
  }

  /** Keeps the runs shown here in the user's selection, to add more to them later. */
  function keepInSelection(): number {
    return selection.add(...runs.value.map((run) => run.id));
  }

  function showSelection(): void {
    void router.push('/compare');
  }

  return { origin, source, runs, rows, activeCount, indexOf, reportTarget, suggestedTitle, remove, keepInSelection, showSelection };
}
