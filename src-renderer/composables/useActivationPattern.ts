import { computed, type Ref } from 'vue';
import type { Dataset } from '../../shared/domain/dataset';
import type { RunRecord } from '../../shared/domain/run';
import { neuronContributes, trainingSamples, type MilpDetails, type SparseNet } from '../results/milp';

/** A wider table is unreadable; the rest is summarised under it. */
export const MAX_PATTERN_SAMPLES = 120;

export interface PatternSample {
  /** Row number in the data set (test rows are skipped: the MILP never saw them). */
  index: number;
  input: number[] | null;
  target: number | null;
  output: number | null;
  /** Classified the other way by the 0.5 threshold the decision boundary uses. */
  wrong: boolean;
}

export interface PatternNeuron {
  label: string;
  outputWeight: number;
  unused: boolean;
  active: boolean[];
  activeCount: number;
}

/**
 * Which hidden neuron is active on which training sample, beside each sample's target and the
 * network's output: the linear region each sample falls in is what the MILP chose.
 */
export function useActivationPattern(
  run: Readonly<Ref<RunRecord | null>>,
  details: Readonly<Ref<MilpDetails | null>>,
  net: Readonly<Ref<SparseNet | null>>,
  dataset: Readonly<Ref<Dataset | null>>,
) {
  /** The samples as the run saw them; only when the loaded data set is the version the run used. */
  const samples = computed(() => {
    const data = dataset.value;
    const pattern = details.value?.activationPattern;
    const count = pattern?.[0]?.length ?? details.value?.outputs?.length ?? 0;
    const rows = data && run.value && data.version === run.value.datasetVersion ? trainingSamples(data.data) : null;
    const known = rows && rows.length === count ? rows : null;
    const binary = data?.task === 'binary';
    return Array.from({ length: Math.min(count, MAX_PATTERN_SAMPLES) }, (_, n): PatternSample => {
      const output = details.value?.outputs?.[n] ?? null;
      const target = known?.[n]?.y ?? null;
      return {
        index: known?.[n]?.index ?? n,
        input: known?.[n]?.x ?? null,
        target,
        output,
        wrong: binary && output !== null && target !== null && (output >= 0.5 ? 1 : 0) !== target,
      };
    });
  });

  const totalSamples = computed(() => details.value?.activationPattern?.[0]?.length ?? details.value?.outputs?.length ?? 0);

  const neurons = computed<PatternNeuron[]>(() => {
    const pattern = details.value?.activationPattern ?? [];
    const sparse = net.value;
    return pattern.map((row, i) => ({
      label: `h${i + 1}`,
      outputWeight: sparse?.v[i] ?? 0,
      // The same test as the drawing, so that a grey neuron there is a grey row here.
      unused: sparse ? !neuronContributes(sparse, i) : false,
      active: row.slice(0, MAX_PATTERN_SAMPLES),
      activeCount: row.filter(Boolean).length,
    }));
  });

  /** Inputs are worth a row each only for low-dimensional data; digits would add 64 rows. */
  const inputRows = computed(() => {
    const first = samples.value[0]?.input;
    return first && first.length <= 3 ? first.map((_, j) => j) : [];
  });

  return { samples, neurons, totalSamples, inputRows };
}
