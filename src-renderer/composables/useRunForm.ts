import { computed, onMounted, ref, watch } from 'vue';
import { useRouter } from 'vue-router';
import type { RunSpecInput } from '../../shared/domain/run';
import { useDatasetsStore } from '../stores/datasets';
import { useRunsStore } from '../stores/runs';
import { useNetworkEditor } from './useNetworkEditor';

const PREFERRED_DATASET = 'xor';

type ParamsCheck = { ok: true; params: Record<string, unknown> } | { ok: false; error: string };

/** State, validation and submission of the new-run form. */
export function useRunForm() {
  const datasets = useDatasetsStore();
  const runs = useRunsStore();
  const router = useRouter();

  const datasetId = ref('');
  const method = ref('evaluate');
  const name = ref('');
  // `v-model.number` leaves an empty or partial entry as a string.
  const threshold = ref<number | string>(0.5);
  const starting = ref(false);

  const dataset = computed(() => datasets.summaryOf(datasetId.value) ?? null);
  const methodInfo = computed(() => runs.methods.find((info) => info.id === method.value) ?? null);
  const features = computed(() => dataset.value?.features ?? null);
  const network = useNetworkEditor(features);

  const taskProblem = computed(() => {
    const info = methodInfo.value;
    const task = dataset.value?.task;
    if (!info || !task || info.tasks.includes(task)) return null;
    return `${info.title} does not apply to ${task} data sets; pick a ${info.tasks.join(' or ')} data set or another method.`;
  });

  const params = computed<ParamsCheck>(() => {
    if (method.value === 'evaluate') {
      const check = network.check.value;
      return check.ok ? { ok: true, params: { network: check.network } } : check;
    }
    if (method.value === 'linear-regression') {
      const value = threshold.value;
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, error: 'The threshold must be a number, e.g. 0.5.' };
      return { ok: true, params: { threshold: value } };
    }
    return { ok: true, params: {} };
  });

  const blocker = computed(() => {
    if (!dataset.value) return 'Choose a data set.';
    if (!methodInfo.value) return 'Choose a method.';
    if (taskProblem.value) return taskProblem.value;
    return params.value.ok ? null : params.value.error;
  });

  watch(
    () => datasets.summaries,
    (summaries) => {
      if (datasetId.value || !summaries.length) return;
      datasetId.value = (summaries.find((summary) => summary.id === PREFERRED_DATASET) ?? summaries[0])?.id ?? '';
    },
    { immediate: true },
  );

  onMounted(() => {
    void datasets.ensureList();
    void runs.loadMethods();
  });

  async function start(): Promise<void> {
    const check = params.value;
    if (blocker.value || !check.ok) return;
    const spec: RunSpecInput = { dataset: datasetId.value, method: method.value, params: check.params };
    if (name.value.trim()) spec.name = name.value.trim();
    starting.value = true;
    try {
      const summary = await runs.start(spec);
      if (summary) await router.push(`/runs/${summary.id}`);
    } finally {
      starting.value = false;
    }
  }

  return { datasetId, method, name, threshold, starting, dataset, methodInfo, network, taskProblem, blocker, start };
}
