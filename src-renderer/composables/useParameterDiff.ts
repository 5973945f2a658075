import { computed, ref, type Ref } from 'vue';
import { parameterDiff, type ParamDiffRow } from '../../shared/domain/compare';
import type { RunRecord } from '../../shared/domain/run';
import { formatNumber } from '../format/numbers';

// Weight matrices and long arrays stay whole in the diff; a cell shows their start.
const MAX_VALUE_CHARS = 60;

export function formatParamValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

export function formatDelta(delta: number | null): string {
  if (delta === null || delta === 0) return '';
  return `${delta > 0 ? '+' : '−'}${formatNumber(Math.abs(delta))}`;
}

export interface DiffCell {
  text: string;
  /** The full value, for the tooltip, when the cell shows only its start. */
  full: string;
  delta: string;
  /** Differs from the baseline run's value. */
  changed: boolean;
}

/**
 * "Only differences": the parameters that are not the same in every run, each run against a
 * pinned baseline run. The pin follows the run, not its position, if the list changes.
 */
export function useParameterDiff(runs: Readonly<Ref<RunRecord[]>>) {
  const baselineRunId = ref<string | null>(null);
  const onlyDifferences = ref(true);

  const baselineIndex = computed(() => Math.max(0, runs.value.findIndex((run) => run.id === baselineRunId.value)));

  const rows = computed<ParamDiffRow[]>(() => (runs.value.length ? parameterDiff(runs.value, baselineIndex.value, onlyDifferences.value) : []));

  const cells = computed(() =>
    rows.value.map((row) => {
      const baseline = JSON.stringify(row.values[baselineIndex.value]);
      return {
        path: row.path,
        cells: row.values.map<DiffCell>((value, index) => ({
          text: formatParamValue(value),
          full: value === undefined ? 'not set' : typeof value === 'string' ? value : JSON.stringify(value),
          delta: index === baselineIndex.value ? '' : formatDelta(row.deltas[index] ?? null),
          changed: index !== baselineIndex.value && JSON.stringify(value) !== baseline,
        })),
      };
    }),
  );

  function pinBaseline(index: number): void {
    baselineRunId.value = runs.value[index]?.id ?? null;
  }

  return { baselineIndex, onlyDifferences, rows, cells, pinBaseline };
}
