import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { classCount, type Dataset, type DatasetData, type Task } from '../../shared/domain/dataset';
import { numberFromText } from '../forms/fields';
import { useDatasetsStore } from '../stores/datasets';

/** One row as typed: feature cells then the label cell. Rows are replaced, never mutated, so edits are cheap to track. */
export interface EditorRow {
  key: number;
  cells: string[];
  /** A test row keeps its place in the test split wherever sorting moves it. */
  test: boolean;
}

export interface LabelRule {
  task: Task;
  /** Labels run from 0 to classes − 1; null for regression. */
  classes: number | null;
}

export function numberProblem(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return 'Empty: enter a number.';
  if (/^[+-]?nan$/i.test(trimmed)) return 'NaN is not a value: enter a number.';
  if (/^[+-]?inf(inity)?$/i.test(trimmed)) return 'Infinite values cannot be stored: enter a finite number.';
  const value = numberFromText(trimmed);
  if (value === undefined || !Number.isFinite(value)) return `“${trimmed.slice(0, 20)}” is not a number.`;
  return null;
}

export function labelProblem(text: string, rule: LabelRule): string | null {
  const problem = numberProblem(text);
  if (problem || rule.task === 'regression') return problem;
  const value = Number(text.trim());
  if (rule.task === 'binary') return value === 0 || value === 1 ? null : 'A binary label is 0 or 1.';
  if (!Number.isInteger(value) || value < 0) return 'A class label is a whole number from 0.';
  if (rule.classes !== null && value >= rule.classes) return `There is no class ${value}: the labels are 0 to ${rule.classes - 1}.`;
  return null;
}

/** A block copied from a spreadsheet: rows on lines, cells on tabs (commas when there is no tab at all). */
export function parseBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const separator = text.includes('\t') ? '\t' : ',';
  return lines.map((line) => line.split(separator).map((cell) => cell.trim()));
}

function compareCells(a: string, b: string): number {
  const x = numberFromText(a);
  const y = numberFromText(b);
  const xOk = x !== undefined && Number.isFinite(x);
  const yOk = y !== undefined && Number.isFinite(y);
  // Cells that are not numbers sort last, where the errors are easy to find together.
  if (xOk && yOk) return x - y;
  if (xOk !== yOk) return xOk ? -1 : 1;
  return a.localeCompare(b);
}

const MAX_CELLS_PER_PAGE = 2400;

export function useTableEditor(dataset: Readonly<Ref<Dataset>>) {
  const datasets = useDatasetsStore();

  const columns = computed(() => [...dataset.value.data.featureNames, 'label']);
  const labelColumn = computed(() => columns.value.length - 1);
  const rule = computed<LabelRule>(() => {
    const data = dataset.value.data;
    return { task: data.task, classes: data.task === 'regression' ? null : (data.classNames?.length ?? classCount(data)) };
  });

  const rows = shallowRef<EditorRow[]>([]);
  const selected = shallowRef(new Set<number>());
  const sort = ref<{ column: number; descending: boolean } | null>(null);
  const dirty = ref(false);
  const note = ref('');
  const saving = ref(false);
  let nextKey = 0;

  // Wide data sets (64 pixels) get fewer rows per page, so that a page stays quick to draw.
  const pageSize = computed(() => Math.max(10, Math.min(100, Math.floor(MAX_CELLS_PER_PAGE / columns.value.length))));
  const page = ref(0);
  const pageCount = computed(() => Math.max(1, Math.ceil(rows.value.length / pageSize.value)));
  const firstOnPage = computed(() => page.value * pageSize.value);
  const pageRows = computed(() => rows.value.slice(firstOnPage.value, firstOnPage.value + pageSize.value));

  function load(): void {
    const { X, y, testIndices } = dataset.value.data;
    const tests = new Set(testIndices ?? []);
    rows.value = X.map((features, i) => ({ key: nextKey++, cells: [...features.map(String), String(y[i])], test: tests.has(i) }));
    selected.value = new Set();
    sort.value = null;
    dirty.value = false;
    note.value = '';
    page.value = 0;
  }
  // A new version (saved here or by the point editor) is the new starting point.
  watch(() => `${dataset.value.id}@${dataset.value.version}`, load, { immediate: true });

  // Problems per row object: rows are replaced on edit, so only edited rows are checked again.
  const problemCache = new WeakMap<EditorRow, (string | null)[]>();
  function problemsOf(row: EditorRow): (string | null)[] {
    let problems = problemCache.get(row);
    if (!problems) {
      const label = labelColumn.value;
      problems = row.cells.map((text, col) => (col === label ? labelProblem(text, rule.value) : numberProblem(text)));
      problemCache.set(row, problems);
    }
    return problems;
  }

  const problemCount = computed(() => rows.value.reduce((sum, row) => sum + problemsOf(row).filter((p) => p !== null).length, 0));
  const firstProblem = computed(() => {
    for (let index = 0; index < rows.value.length; index++) {
      const col = problemsOf(rows.value[index]!).findIndex((p) => p !== null);
      if (col >= 0) return { index, col };
    }
    return null;
  });
  const canSave = computed(() => dirty.value && problemCount.value === 0 && rows.value.length > 0 && !saving.value);

  function replaceRows(next: EditorRow[]): void {
    rows.value = next;
    dirty.value = true;
    if (page.value >= pageCount.value) page.value = pageCount.value - 1;
  }

  function setCell(index: number, col: number, text: string): void {
    const row = rows.value[index];
    if (!row || row.cells[col] === text) return;
    const next = rows.value.slice();
    next[index] = { ...row, cells: row.cells.map((cell, c) => (c === col ? text : cell)) };
    replaceRows(next);
  }

  /** Writes the block from the given cell rightwards and downwards, adding rows past the end. */
  function paste(index: number, col: number, text: string): { rows: number; dropped: number } {
    const block = parseBlock(text);
    const next = rows.value.slice();
    const width = columns.value.length;
    let dropped = 0;
    block.forEach((values, r) => {
      const at = index + r;
      const row = next[at] ?? { key: nextKey++, cells: Array<string>(width).fill(''), test: false };
      const cells = row.cells.slice();
      values.forEach((value, c) => {
        if (col + c < width) cells[col + c] = value;
        else dropped++;
      });
      next[at] = { ...row, cells };
    });
    replaceRows(next);
    return { rows: block.length, dropped };
  }

  /** Returns the index of the new, empty row. */
  function addRow(): number {
    replaceRows([...rows.value, { key: nextKey++, cells: Array<string>(columns.value.length).fill(''), test: false }]);
    page.value = pageCount.value - 1;
    return rows.value.length - 1;
  }

  function toggleSelected(key: number, on: boolean): void {
    const next = new Set(selected.value);
    if (on) next.add(key);
    else next.delete(key);
    selected.value = next;
  }

  function selectPage(on: boolean): void {
    const next = new Set(selected.value);
    for (const row of pageRows.value) {
      if (on) next.add(row.key);
      else next.delete(row.key);
    }
    selected.value = next;
  }

  function deleteSelected(): void {
    if (!selected.value.size) return;
    const gone = selected.value;
    replaceRows(rows.value.filter((row) => !gone.has(row.key)));
    selected.value = new Set();
  }

  function sortBy(column: number): void {
    const descending = sort.value?.column === column ? !sort.value.descending : false;
    sort.value = { column, descending };
    const sign = descending ? -1 : 1;
    replaceRows(rows.value.slice().sort((a, b) => sign * compareCells(a.cells[column]!, b.cells[column]!)));
  }

  function showRow(index: number): void {
    page.value = Math.floor(index / pageSize.value);
  }

  function toData(): DatasetData {
    const label = labelColumn.value;
    const { task, featureNames, classNames } = dataset.value.data;
    const X = rows.value.map((row) => row.cells.slice(0, label).map(Number));
    const y = rows.value.map((row) => Number(row.cells[label]));
    const testIndices = rows.value.flatMap((row, i) => (row.test ? [i] : []));
    return { task, featureNames, X, y, ...(classNames ? { classNames } : {}), ...(dataset.value.data.testIndices ? { testIndices } : {}) };
  }

  async function save(): Promise<void> {
    if (!canSave.value) return;
    saving.value = true;
    try {
      await datasets.saveData(dataset.value.id, toData(), note.value.trim() || 'edited in the table');
    } finally {
      saving.value = false;
    }
  }

  return {
    columns,
    labelColumn,
    rule,
    rows,
    pageRows,
    page,
    pageCount,
    pageSize,
    firstOnPage,
    selected,
    sort,
    dirty,
    note,
    saving,
    problemCount,
    firstProblem,
    canSave,
    problemsOf,
    setCell,
    paste,
    addRow,
    toggleSelected,
    selectPage,
    deleteSelected,
    sortBy,
    showRow,
    save,
    revert: load,
  };
}
