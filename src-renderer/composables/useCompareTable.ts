import { computed, ref, watch, type Ref } from 'vue';
import { comparisonColumns, type ComparisonKey, type ComparisonRow } from '../../shared/domain/compare';
import { methodCatalog, type MethodId } from '../../shared/domain/methods';
import { readStored, writeStored } from '../dom/storage';
import { formatDuration, formatNumber, formatPercent } from '../format/numbers';

export type SortDirection = 'ascending' | 'descending';

const COLUMNS_KEY = 'compare.columns';
const allKeys = comparisonColumns.map((column) => column.key);
/** The run's name identifies the row: it cannot be hidden. */
export const fixedColumn: ComparisonKey = 'name';
const numericKeys = new Set<ComparisonKey>(['accuracy', 'testAccuracy', 'loss', 'connections', 'objective', 'bound', 'gap', 'timeMs']);

/** The shared column titles, except where this table shows a value differently (times as "80 ms", "1.2 s"). */
const displayColumns = comparisonColumns.map((column) => ({ key: column.key as ComparisonKey, title: column.key === 'timeMs' ? 'Time' : column.title }));

function isColumnList(value: unknown): value is ComparisonKey[] {
  return Array.isArray(value) && value.every((key) => (allKeys as readonly unknown[]).includes(key));
}

export function isNumericColumn(key: ComparisonKey): boolean {
  return numericKeys.has(key);
}

/** A table cell in words: percentages for accuracies, durations for times, titles for methods. */
export function formatCell(key: ComparisonKey, value: string | number | null): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'string') return key === 'method' ? (methodCatalog[value as MethodId]?.title ?? value) : value;
  switch (key) {
    case 'accuracy':
    case 'testAccuracy':
      return formatPercent(value);
    case 'timeMs':
      return formatDuration(value);
    case 'connections':
      return Number.isSafeInteger(value) ? value.toLocaleString('en') : formatNumber(value);
    default:
      return formatNumber(value);
  }
}

/** Missing values go last whichever way the column is sorted: they are not "small". */
function compareCells(a: string | number | null, b: string | number | null, direction: SortDirection): number {
  if (a === null || a === '') return b === null || b === '' ? 0 : 1;
  if (b === null || b === '') return -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en', { numeric: true });
  return direction === 'ascending' ? order : -order;
}

/** The comparison table: which columns show (remembered), and the order chosen by clicking a header. */
export function useCompareTable(rows: Readonly<Ref<ComparisonRow[]>>) {
  const stored = readStored<ComparisonKey[]>(COLUMNS_KEY, isColumnList, [...allKeys]);
  const visibleKeys = ref<ComparisonKey[]>(stored.includes(fixedColumn) ? stored : [fixedColumn, ...stored]);
  const sortKey = ref<ComparisonKey | null>(null);
  const sortDirection = ref<SortDirection>('ascending');

  watch(visibleKeys, (keys) => writeStored(COLUMNS_KEY, keys), { deep: true });

  // In the catalogue's order, whatever order they were ticked in.
  const columns = computed(() => displayColumns.filter((column) => visibleKeys.value.includes(column.key)));
  const choices = computed(() => displayColumns.map((column) => ({ ...column, visible: visibleKeys.value.includes(column.key), fixed: column.key === fixedColumn })));

  const sortedRows = computed(() => {
    const key = sortKey.value;
    if (!key) return rows.value;
    return [...rows.value].sort((a, b) => compareCells(a[key], b[key], sortDirection.value));
  });

  function setVisible(key: ComparisonKey, visible: boolean): void {
    if (key === fixedColumn) return;
    visibleKeys.value = visible ? [...new Set([...visibleKeys.value, key])] : visibleKeys.value.filter((shown) => shown !== key);
  }

  function showAllColumns(): void {
    visibleKeys.value = [...allKeys];
  }

  /** First click sorts ascending (numbers: smallest first), the next click reverses. */
  function sortBy(key: ComparisonKey): void {
    if (sortKey.value === key) sortDirection.value = sortDirection.value === 'ascending' ? 'descending' : 'ascending';
    else {
      sortKey.value = key;
      sortDirection.value = 'ascending';
    }
  }

  function ariaSort(key: ComparisonKey): 'ascending' | 'descending' | 'none' {
    return sortKey.value === key ? sortDirection.value : 'none';
  }

  return { columns, choices, sortedRows, sortKey, sortDirection, setVisible, showAllColumns, sortBy, ariaSort };
}
