import { computed, onMounted, ref, shallowRef, watch } from 'vue';
import { useRouter } from 'vue-router';
import { classCount, type Dataset } from '../../shared/domain/dataset';
import type { RunSpecInput } from '../../shared/domain/run';
import type { ParamsCheck } from '../forms/fields';
import { useDatasetsStore } from '../stores/datasets';
import { useRunsStore } from '../stores/runs';
import { useAttackForm } from './useAttackForm';
import { useLogisticForm } from './useLogisticForm';
import { useMilpForm } from './useMilpForm';
import { useMlpForm, type MlpTarget } from './useMlpForm';
import { useNetworkEditor } from './useNetworkEditor';
import { useSweepForm } from './useSweepForm';

const PREFERRED_DATASET = 'xor';

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

  // The full data set is needed for its class count, which sizes the output layer.
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
  const mlpTarget = computed<MlpTarget | null>(() => {
    const data = datasetData.value;
    return data ? { datasetId: data.id, task: data.task, classes: classCount(data.data) } : null;
  });

  const mlp = useMlpForm(mlpTarget);
  const logistic = useLogisticForm();
  const milpTrain = useMilpForm(computed(() => datasetData.value?.data ?? null));
  const sweep = useSweepForm({ mlp, logistic });
  const attack = useAttackForm(datasetId, features, computed(() => method.value === 'adversarial'));

  const taskProblem = computed(() => {
    const info = methodInfo.value;
    const task = dataset.value?.task;
    if (!info || !task || info.tasks.includes(task)) return null;
    return `${info.title} does not apply to ${task} data sets; pick a ${info.tasks.join(' or ')} data set or another method.`;
  });

  const params = computed<ParamsCheck>(() => {
    switch (method.value) {
      case 'evaluate': {
        const check = network.check.value;
        return check.ok ? { ok: true, params: { network: check.network }, errors: {} } : { ok: false, params: {}, errors: { network: check.error } };
      }
      case 'linear-regression': {
        const value = threshold.value;
        if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, params: {}, errors: { threshold: 'The threshold must be a number, e.g. 0.5.' } };
        return { ok: true, params: { threshold: value }, errors: {} };
      }
      case 'logistic-regression':
        return logistic.check.value;
      case 'mlp-gd':
        return mlp.check.value;
      case 'milp-train':
        return milpTrain.check.value;
      case 'sweep':
        return sweep.check.value;
      case 'adversarial':
        return attack.check.value;
      default:
        return { ok: true, params: {}, errors: {} };
    }
  });

  /** Exactly what Start sends: `relulab run --spec FILE` runs the same JSON. */
  const spec = computed<RunSpecInput>(() => {
    const value: RunSpecInput = { dataset: datasetId.value, method: method.value, params: params.value.params };
    if (name.value.trim()) value.name = name.value.trim();
    return value;
  });

  const blocker = computed(() => {
    if (!dataset.value) return 'Choose a data set.';
    if (!methodInfo.value) return 'Choose a method.';
    if (taskProblem.value) return taskProblem.value;
    if (params.value.ok) return null;
    return method.value === 'evaluate' ? (params.value.errors.network ?? null) : 'Correct the fields marked in red.';
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
    if (blocker.value || !params.value.ok) return;
    starting.value = true;
    try {
      const summary = await runs.start(spec.value);
      if (summary) await router.push(`/runs/${summary.id}`);
    } finally {
      starting.value = false;
    }
  }

  return { datasetId, method, name, threshold, starting, dataset, methodInfo, network, mlp, logistic, milpTrain, sweep, attack, taskProblem, params, spec, blocker, start };
}
