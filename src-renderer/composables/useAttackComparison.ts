import { computed, watch, type Ref } from 'vue';
import type { RunSummary } from '../../shared/domain/run';
import { attackComparisonRows } from '../results/attack';
import { useAttacksStore } from '../stores/attacks';

/**
 * The formulation comparison of an experiment's attack runs. The summaries carry the metrics;
 * the formulation, its β and the witness's class need the full records, fetched as runs finish.
 */
export function useAttackComparison(experimentRuns: Readonly<Ref<readonly RunSummary[]>>) {
  const attacks = useAttacksStore();

  const attackRuns = computed(() => experimentRuns.value.filter((run) => run.method === 'adversarial'));

  // Keyed by id and status, so that a run is fetched again when it finishes (and not on every refresh).
  watch(
    () => attackRuns.value.map((run) => `${run.id}:${run.status}`).join(','),
    () => void attacks.loadRecords(attackRuns.value.map((run) => run.id)),
    { immediate: true },
  );

  const rows = computed(() => attackComparisonRows(attackRuns.value, attacks.records));
  const hasMipReference = computed(() => rows.value.some((row) => row.gapToMipPercent !== null));

  return { rows, hasMipReference };
}
