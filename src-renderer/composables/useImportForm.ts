import { computed, ref, shallowRef, watch } from 'vue';
import { MAX_IMPORT_CHARS, type DatasetImport } from '../../shared/contracts/datasets';
import type { Task } from '../../shared/domain/dataset';
import { useDatasetsStore, type ImportPreviewResult } from '../stores/datasets';

export type ImportFormat = 'csv' | 'json';
export type TaskChoice = Task | 'auto';

/** The first record of a CSV text, split on commas outside quotes (enough to name the columns). */
export function firstCsvRecord(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell.trim());
      cell = '';
    } else if (char === '\n' || char === '\r') {
      // Blank lines before the header are skipped, as the importer does.
      if (cells.length || cell.trim()) break;
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * The column names the importer will use: the header when the first line has any text that is
 * not a number (the importer's own rule), otherwise x1, x2, … and "label" for the last.
 */
export function csvColumns(text: string): string[] {
  const first = firstCsvRecord(text);
  if (first.length < 2) return [];
  const hasHeader = first.some((cell) => cell !== '' && !Number.isFinite(Number(cell)));
  return first.map((cell, i) => (hasHeader ? cell || `x${i + 1}` : i === first.length - 1 ? 'label' : `x${i + 1}`));
}

function formatOf(fileName: string): ImportFormat {
  return /\.json$/i.test(fileName) ? 'json' : 'csv';
}

export function useImportForm(onImported: (id: string) => void) {
  const datasets = useDatasetsStore();

  /** A chosen file's text is kept out of the text box: a 50 MB file would freeze it. */
  const file = shallowRef<{ name: string; text: string } | null>(null);
  const pastedText = ref('');
  const format = ref<ImportFormat>('csv');
  const name = ref('');
  /** Index of the label column; null means the last one (the importer's default). */
  const targetColumn = ref<number | null>(null);
  const task = ref<TaskChoice>('auto');
  const fileError = ref<string | null>(null);

  const text = computed(() => file.value?.text ?? pastedText.value);
  const hasText = computed(() => text.value.trim() !== '');
  const columns = computed(() => (format.value === 'csv' ? csvColumns(text.value) : []));

  const input = computed<DatasetImport>(() => {
    const fileName = file.value?.name ?? `pasted.${format.value}`;
    const request: DatasetImport = { fileName, format: format.value, text: text.value };
    if (name.value.trim()) request.name = name.value.trim();
    if (format.value === 'csv') {
      if (targetColumn.value !== null && targetColumn.value < columns.value.length) request.targetColumn = targetColumn.value;
      if (task.value !== 'auto') request.task = task.value;
    }
    return request;
  });

  const preview = shallowRef<ImportPreviewResult | null>(null);
  const previewing = ref(false);
  const importing = ref(false);
  /** Import is offered only for exactly what was previewed successfully. */
  const canImport = computed(() => preview.value?.ok === true && !previewing.value && !importing.value);

  // Any change makes the shown preview stale.
  watch(input, () => (preview.value = null));
  watch(columns, (names) => {
    if (targetColumn.value !== null && targetColumn.value >= names.length) targetColumn.value = null;
  });

  async function chooseFile(chosen: File | null): Promise<void> {
    fileError.value = null;
    if (!chosen) {
      file.value = null;
      return;
    }
    if (chosen.size > MAX_IMPORT_CHARS) {
      file.value = null;
      fileError.value = `${chosen.name} is ${(chosen.size / 1e6).toFixed(0)} MB; files up to ${MAX_IMPORT_CHARS / 1e6} MB can be imported.`;
      return;
    }
    format.value = formatOf(chosen.name);
    targetColumn.value = null;
    file.value = { name: chosen.name, text: await chosen.text() };
    pastedText.value = '';
  }

  function setPasted(value: string): void {
    pastedText.value = value;
    if (file.value) file.value = null;
    const start = value.trimStart()[0];
    if (start === '{' || start === '[') format.value = 'json';
  }

  async function runPreview(): Promise<void> {
    if (!hasText.value || previewing.value) return;
    previewing.value = true;
    const asked = input.value;
    try {
      const result = await datasets.previewImport(asked);
      // A preview of something since edited would offer to import what was not checked.
      if (input.value === asked) preview.value = result;
    } finally {
      previewing.value = false;
    }
  }

  function reset(): void {
    file.value = null;
    pastedText.value = '';
    name.value = '';
    targetColumn.value = null;
    task.value = 'auto';
    preview.value = null;
  }

  async function submit(): Promise<void> {
    if (!canImport.value) return;
    importing.value = true;
    try {
      const created = await datasets.importDataset(input.value);
      if (created) {
        reset();
        onImported(created.id);
      }
    } finally {
      importing.value = false;
    }
  }

  return { file, pastedText, format, name, targetColumn, task, fileError, hasText, columns, preview, previewing, importing, canImport, chooseFile, setPasted, runPreview, submit, reset };
}
