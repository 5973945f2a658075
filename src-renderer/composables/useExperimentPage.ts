import { computed, onBeforeUnmount, watch, type Ref } from 'vue';
import { useRouter } from 'vue-router';
import { useExperimentsStore } from '../stores/experiments';
import { isFinished, useRunsStore } from '../stores/runs';

// A sweep's runs finish in bursts: refresh the table once per burst, not once per run.
const REFRESH_DELAY_MS = 300;

/** One experiment and its runs, kept current as their status changes. */
export function useExperimentPage(id: Readonly<Ref<string>>) {
  const experiments = useExperimentsStore();
  const runs = useRunsStore();
  const router = useRouter();
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  const detail = computed(() => (experiments.current?.experiment.id === id.value ? experiments.current : null));
  const loadError = computed(() => (detail.value ? null : experiments.currentError));
  /** In the order they were started: a preset lists its runs in a meaningful order. */
  const experimentRuns = computed(() =>
    [...(detail.value?.runs ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
  );
  const activeCount = computed(() => experimentRuns.value.filter((run) => !isFinished(run.status)).length);

  /** Finished sweeps side by side: the point of a seed-sweep experiment is comparing how often each setup gets stuck. */
  const stuckBars = computed(() =>
    experimentRuns.value
      .filter((run) => run.method === 'sweep' && run.status === 'completed' && typeof run.metrics.stuck === 'number' && run.metrics.runs)
      .map((run) => ({ lines: [run.name], label: run.name, stuck: run.metrics.stuck!, of: run.metrics.runs!, share: run.metrics.stuck! / run.metrics.runs! })),
  );

  watch(id, (value) => void experiments.load(value), { immediate: true });

  watch(
    () => runs.statusChanges,
    () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void experiments.load(id.value), REFRESH_DELAY_MS);
    },
  );

  onBeforeUnmount(() => clearTimeout(refreshTimer));

  function open(runId: string): void {
    void router.push(`/runs/${runId}`);
  }

  return { detail, loadError, experimentRuns, activeCount, stuckBars, open };
}
