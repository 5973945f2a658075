import { computed, onMounted, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { classCount, type Dataset } from '../../shared/domain/dataset';
import type { RunStatus, RunSummary } from '../../shared/domain/run';
import { isFinished, useRunsStore, type RunProgress } from '../stores/runs';
import { useDatasetsStore } from '../stores/datasets';
import { useExperimentsStore } from '../stores/experiments';
import { formatMetric, metricLabel } from '../format/numbers';
import type { MlpTarget } from './useMlpForm';
import { cardMethods, duplicateMethodCard, useMethodCard, type CardContext, type CardMethod, type MethodCard } from './useMethodCard';

const FIRST_CARD_METHOD: CardMethod = 'logistic-regression';

/** A progress event and when it arrived, so that elapsed time can keep counting between events. */
interface SeenProgress extends RunProgress {
  receivedAt: number;
}

/** One run the builder started (or failed to start), as its live row shows it. */
export interface LaunchedRun {
  key: number;
  name: string;
  methodTitle: string;
  runId: string | null;
  startError: string | null;
}

export interface Launch {
  experimentId: string;
  experimentName: string;
  runs: LaunchedRun[];
}

/** What a live row shows of a run, recomputed as events and clock ticks arrive. */
export interface RunRowState {
  status: RunStatus | 'not started';
  progress: RunProgress | null;
  elapsedMs: number | null;
  remainingMs: number | null;
  finished: boolean;
  /** The headline metrics once the run has ended and its summary has been read again. */
  outcome: string | null;
}

// The metrics that say how a run went, in the order a reader compares them.
const OUTCOME_METRICS = ['accuracy', 'loss', 'connections', 'objective', 'gap'];

function outcomeOf(summary: RunSummary | undefined): string | null {
  if (!summary) return null;
  const parts = OUTCOME_METRICS.filter((metric) => summary.metrics[metric] !== undefined).map((metric) => `${metricLabel(metric)} ${formatMetric(metric, summary.metrics[metric])}`);
  return parts.length ? parts.join(', ') : null;
}

/** State, validation and launch of the experiment builder: one data set, several method cards, run together. */
export function useExperimentBuilder(datasetId: Ref<string>) {
  const datasets = useDatasetsStore();
  const runs = useRunsStore();
  const experiments = useExperimentsStore();

  const name = ref('');
  const dataset = computed(() => datasets.summaryOf(datasetId.value) ?? null);

  // The full data set sizes the MLP's output layer and lets the MILP form check the labels.
  const datasetData = shallowRef<Dataset | null>(null);
  watch(
    datasetId,
    async (id) => {
      datasetData.value = null;
      if (!id) return;
      const loaded = await datasets.fetchDataset(id);
      if (datasetId.value === id) datasetData.value = loaded;
    },
    { immediate: true },
  );

  const context: CardContext = {
    features: computed(() => dataset.value?.features ?? null),
    task: computed(() => dataset.value?.task ?? null),
    mlpTarget: computed<MlpTarget | null>(() => {
      const data = datasetData.value;
      return data ? { datasetId: data.id, task: data.task, classes: classCount(data.data) } : null;
    }),
    data: computed(() => datasetData.value?.data ?? null),
    methodInfo: (id) => runs.methods.find((info) => info.id === id) ?? null,
  };

  const availableMethods = computed(() => runs.methods.filter((info) => (cardMethods as readonly string[]).includes(info.id)));

  const cards = shallowRef<MethodCard[]>([useMethodCard(context, FIRST_CARD_METHOD)]);

  function addCard(): void {
    const last = cards.value[cards.value.length - 1];
    cards.value = [...cards.value, useMethodCard(context, last?.method.value ?? FIRST_CARD_METHOD)];
  }

  function duplicateCard(index: number): void {
    const source = cards.value[index];
    if (!source) return;
    const copy = duplicateMethodCard(context, source);
    cards.value = [...cards.value.slice(0, index + 1), copy, ...cards.value.slice(index + 1)];
  }

  function removeCard(index: number): void {
    const removed = cards.value[index];
    if (!removed || cards.value.length <= 1) return;
    cards.value = cards.value.filter((card) => card !== removed);
    removed.dispose();
  }

  onScopeDispose(() => cards.value.forEach((card) => card.dispose()));

  /** Each card's run name: the method's title, numbered when two cards share a method. */
  const runNames = computed(() => {
    const seen = new Map<string, number>();
    const totals = new Map<string, number>();
    for (const card of cards.value) totals.set(card.method.value, (totals.get(card.method.value) ?? 0) + 1);
    return cards.value.map((card) => {
      const title = card.info.value?.title ?? card.method.value;
      const count = (seen.get(card.method.value) ?? 0) + 1;
      seen.set(card.method.value, count);
      return (totals.get(card.method.value) ?? 0) > 1 ? `${title} ${count}` : title;
    });
  });

  const defaultName = computed(() => (dataset.value ? `${dataset.value.name}: ${cards.value.length} method${cards.value.length === 1 ? '' : 's'}` : 'New experiment'));

  const launching = ref(false);

  /** Why Run all is disabled, in words; null when every card can run. */
  const blocker = computed(() => {
    if (!dataset.value) return 'Choose a data set.';
    const invalid = cards.value.findIndex((card) => card.blocker.value !== null);
    if (invalid >= 0) return `Card ${invalid + 1}: ${cards.value[invalid]!.blocker.value}`;
    return null;
  });

  const launch = shallowRef<Launch | null>(null);

  /** Creates the experiment, then starts every card's run at once: the worker pool queues what does not fit. */
  async function runAll(): Promise<void> {
    if (blocker.value || launching.value) return;
    launching.value = true;
    try {
      const experimentName = name.value.trim() || defaultName.value;
      const experiment = await experiments.create({ name: experimentName, dataset: datasetId.value });
      if (!experiment) return;
      const planned = cards.value.map((card, index) => ({ card, name: runNames.value[index]! }));
      const started = await Promise.all(
        planned.map(async ({ card, name: runName }): Promise<LaunchedRun> => {
          const summary = await runs.start({ dataset: datasetId.value, method: card.method.value, params: card.params.value.params, name: runName, experimentId: experiment.id });
          return { key: card.key, name: runName, methodTitle: card.info.value?.title ?? card.method.value, runId: summary?.id ?? null, startError: summary ? null : 'Could not start (see the message above).' };
        }),
      );
      seenProgress.value = {};
      launch.value = { experimentId: experiment.id, experimentName: experiment.name, runs: started };
      void experiments.load(experiment.id);
    } finally {
      launching.value = false;
    }
  }

  // The store drops a run's progress when it finishes; the row keeps showing the last one it saw.
  const seenProgress = shallowRef<Record<string, SeenProgress>>({});
  watch(
    () => runs.progress,
    (progress) => {
      const tracked = launch.value?.runs ?? [];
      let changed = false;
      const next = { ...seenProgress.value };
      for (const { runId } of tracked) {
        const latest = runId ? progress[runId] : undefined;
        if (!runId || !latest || (next[runId]?.elapsedMs === latest.elapsedMs && next[runId]?.message === latest.message)) continue;
        next[runId] = { ...latest, receivedAt: Date.now() };
        changed = true;
      }
      if (changed) seenProgress.value = next;
    },
  );

  /** Ticks once a second while a run is unfinished, so that elapsed and remaining times count down between events. */
  const now = ref(Date.now());
  let ticker: ReturnType<typeof setInterval> | null = null;

  function statusOf(run: LaunchedRun): RunStatus | 'not started' {
    if (!run.runId) return 'not started';
    return runs.statuses[run.runId] ?? 'queued';
  }

  /** The stored summary of a finished run: its time when it ended before any progress event arrived. */
  function storedSummary(runId: string): RunSummary | undefined {
    const detail = experiments.current;
    if (!detail || detail.experiment.id !== launch.value?.experimentId) return undefined;
    return detail.runs.find((summary) => summary.id === runId);
  }

  function rowState(run: LaunchedRun): RunRowState {
    const status = statusOf(run);
    const finished = status === 'not started' || isFinished(status);
    const seen = run.runId ? seenProgress.value[run.runId] : undefined;
    const summary = finished && run.runId ? storedSummary(run.runId) : undefined;
    const outcome = outcomeOf(summary);
    if (!seen) {
      const timings = summary?.timings;
      return { status, progress: null, elapsedMs: timings?.totalMs ?? timings?.computeMs ?? null, remainingMs: null, finished, outcome };
    }
    const sinceEvent = finished ? 0 : Math.max(0, now.value - seen.receivedAt);
    // Once ended, the stored time: the same figure the experiment's results table shows.
    const elapsedMs = summary?.timings.totalMs ?? seen.elapsedMs + sinceEvent;
    const fraction = seen.fraction;
    // Assumes the rest goes at the pace so far: remaining ≈ elapsed · (1 − f) / f.
    const remainingMs = !finished && fraction !== null && fraction > 0 && fraction < 1 ? Math.max(0, (seen.elapsedMs * (1 - fraction)) / fraction - sinceEvent) : null;
    return { status, progress: seen, elapsedMs, remainingMs, finished, outcome };
  }

  const rows = computed(() => (launch.value?.runs ?? []).map((run) => ({ run, state: rowState(run) })));
  const unfinishedRunIds = computed(() => rows.value.filter(({ run, state }) => run.runId && !state.finished).map(({ run }) => run.runId!));
  const cancelling = ref(false);

  watch(
    () => unfinishedRunIds.value.length > 0,
    (active) => {
      if (active && !ticker) ticker = setInterval(() => (now.value = Date.now()), 1000);
      if (!active && ticker) {
        clearInterval(ticker);
        ticker = null;
      }
    },
  );
  onScopeDispose(() => {
    if (ticker) clearInterval(ticker);
  });

  // Each time a run ends, the experiment's stored summaries are read again for the times of runs too quick to report progress.
  watch(
    () => unfinishedRunIds.value.length,
    (count, previous) => {
      if (launch.value && count < (previous ?? 0)) void experiments.load(launch.value.experimentId);
    },
  );

  /** Runs whose cancellation was asked for: not asked again (the service would answer "already finished"). */
  const cancelRequested = ref(new Set<string>());
  const cancellableRunIds = computed(() => unfinishedRunIds.value.filter((id) => !cancelRequested.value.has(id)));

  async function cancelRun(runId: string): Promise<void> {
    if (cancelRequested.value.has(runId)) return;
    cancelRequested.value.add(runId);
    await runs.cancel(runId);
  }

  async function cancelAll(): Promise<void> {
    cancelling.value = true;
    try {
      await Promise.all(cancellableRunIds.value.map((id) => cancelRun(id)));
    } finally {
      cancelling.value = false;
    }
  }

  onMounted(() => {
    void datasets.ensureList();
    void runs.loadMethods();
  });

  return {
    name,
    defaultName,
    dataset,
    availableMethods,
    cards,
    runNames,
    addCard,
    duplicateCard,
    removeCard,
    blocker,
    launching,
    runAll,
    launch,
    rows,
    unfinishedRunIds,
    cancellableRunIds,
    cancelRequested,
    cancelling,
    cancelRun,
    cancelAll,
  };
}
