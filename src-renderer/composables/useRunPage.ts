import { computed, shallowRef, watch, type Ref } from 'vue';
import { useRouter } from 'vue-router';
import type { Dataset } from '../../shared/domain/dataset';
import { confusionOf, sweepSummaryOf } from '../results/details';
import { gridResolution, hasDrawableModel, networkOf } from '../results/model';
import { useDatasetsStore } from '../stores/datasets';
import { isFinished, useRunsStore } from '../stores/runs';

/** Methods that stream progress curves, and what their x axis counts. */
const curveAxis: Record<string, string> = { 'mlp-gd': 'epoch', 'logistic-regression': 'iteration' };

/** Everything the run page shows, kept in step with the run as it progresses. */
export function useRunPage(id: Readonly<Ref<string>>) {
  const runs = useRunsStore();
  const datasets = useDatasetsStore();
  const router = useRouter();

  const run = computed(() => (runs.current?.id === id.value ? runs.current : null));
  const loadError = computed(() => (run.value ? null : runs.currentError));
  const active = computed(() => (run.value ? !isFinished(run.value.status) : false));
  const progress = computed(() => (run.value ? (runs.progress[run.value.id] ?? null) : null));
  const network = computed(() => (run.value ? networkOf(run.value) : null));
  const trace = computed(() => run.value?.result?.trace ?? []);

  /** A diverged run's weights hold NaN or Inf: nothing of it is drawn as if trained. */
  const diverged = computed(() => run.value?.status === 'diverged');

  const dataset = shallowRef<Dataset | null>(null);
  const planar = computed(() => dataset.value?.data.featureNames.length === 2);
  const grid = computed(() => (run.value && runs.grid?.runId === run.value.id ? runs.grid.grid : null));
  const gridError = computed(() => runs.gridError);
  const drawable = computed(() => (run.value ? hasDrawableModel(run.value) : false));
  const showsBoundary = computed(() => planar.value && drawable.value && network.value !== null);

  /** Weights that are no answer: NaN after divergence, or a solver's network that failed its forward-pass check. */
  const rejected = computed(() => diverged.value || run.value?.status === 'verification-failed');

  /** The hidden-space plot needs a first hidden layer of exactly two units, whatever trained it. */
  const hiddenSpace = computed(() => {
    const net = network.value;
    if (rejected.value || !net || net.layers.length < 2) return null;
    const first = net.layers[0];
    if (!first || first.W.length !== 2 || !trace.value.length) return null;
    return { activation: first.activation };
  });

  const curves = computed(() => {
    const value = run.value;
    const axis = value ? curveAxis[value.method] : undefined;
    if (!value || !axis || diverged.value) return null;
    const current = runs.series?.runId === value.id ? runs.series : null;
    return { xTitle: axis, series: current?.series ?? {}, live: current?.live ?? true };
  });

  const confusion = computed(() => (run.value && !diverged.value ? confusionOf(run.value) : null));
  const sweep = computed(() => (run.value?.method === 'sweep' ? { summary: sweepSummaryOf(run.value) } : null));

  watch(id, (value) => void runs.loadRun(value), { immediate: true });

  watch(
    () => run.value?.dataset,
    async (datasetId) => {
      dataset.value = null;
      if (datasetId) {
        await datasets.ensureList();
        dataset.value = await datasets.fetchDataset(datasetId);
      }
    },
    { immediate: true },
  );

  watch(
    () => [run.value?.id, drawable.value, planar.value] as const,
    ([runId, canDraw, isPlanar]) => {
      if (runId && canDraw && isPlanar && network.value) void runs.loadGrid(runId, gridResolution(network.value));
    },
    { immediate: true },
  );

  // Streamed points cover only what this page saw; the stored series are complete.
  watch(
    () => [run.value?.id, run.value?.status] as const,
    ([runId, status]) => {
      if (runId && status && isFinished(status) && run.value && curveAxis[run.value.method]) void runs.loadSeries(runId);
    },
    { immediate: true },
  );

  async function rerun(): Promise<void> {
    if (!run.value) return;
    const summary = await runs.rerun(run.value);
    if (summary) await router.push(`/runs/${summary.id}`);
  }

  function cancel(): void {
    if (run.value) void runs.cancel(run.value.id);
  }

  return { run, loadError, active, progress, network, trace, diverged, dataset, planar, grid, gridError, showsBoundary, hiddenSpace, curves, confusion, sweep, rerun, cancel };
}
