import { computed, type Ref } from 'vue';
import type { Dataset } from '../../shared/domain/dataset';
import type { RunRecord } from '../../shared/domain/run';
import { formatNumber } from '../format/numbers';
import { milpDetailsOf, milpOutcomeOf, sparseNetOf } from '../results/milp';
import { networkOf } from '../results/model';
import { useActivationPattern } from './useActivationPattern';
import { useMilpBounds } from './useMilpBounds';

/** How a finished sparse-training run ended, in words; null for other methods and while it runs. */
export function useMilpOutcome(run: Readonly<Ref<RunRecord | null>>) {
  return computed(() => (run.value ? milpOutcomeOf(run.value, milpDetailsOf(run.value)) : null));
}

/** What the run page adds for sparse exact training: the bounds, the network and its activation pattern. */
export function useMilpRun(run: Readonly<Ref<RunRecord | null>>, dataset: Readonly<Ref<Dataset | null>>) {
  const details = computed(() => (run.value ? milpDetailsOf(run.value) : null));

  /** A network that failed verification is not an answer: it is neither drawn nor tabulated as one. */
  const valid = computed(() => run.value?.status !== 'verification-failed');
  const net = computed(() => (run.value && valid.value ? sparseNetOf(networkOf(run.value), details.value) : null));
  const inputNames = computed<readonly string[]>(() => dataset.value?.data.featureNames ?? []);

  const bounds = useMilpBounds(run);
  const pattern = useActivationPattern(run, details, net, dataset);
  const showsPattern = computed(() => valid.value && pattern.neurons.value.length > 0);

  /** Exact and margin modes minimise a count of connections; l1 mode adds the error. */
  const countsConnections = computed(() => run.value?.params.mode !== 'l1');
  const objectiveTitle = computed(() => (countsConnections.value ? 'objective: connections' : 'objective: Σ|ŷ − y| + λ·connections'));

  /** The size of the MILP, which is what makes a solve slow or fast. */
  const modelSize = computed(() => {
    const m = run.value?.metrics;
    if (!m || m.variables === undefined) return null;
    const parts = [`${formatNumber(m.variables)} variables (${formatNumber(m.binaries)} binary)`, `${formatNumber(m.constraints)} constraints`];
    if (m.nodes !== undefined) parts.push(`${formatNumber(m.nodes)} branch-and-bound nodes`);
    return parts.join(', ');
  });

  return { details, net, inputNames, bounds, pattern, showsPattern, countsConnections, objectiveTitle, modelSize };
}
