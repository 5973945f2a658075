import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { client } from '../api/client';
import type { DatasetExport, DatasetImport, ImportPreview } from '../../shared/contracts/datasets';
import type { Dataset, DatasetData, DatasetSummary, DatasetVersionInfo } from '../../shared/domain/dataset';
import type { GeneratorParamsInput } from '../../shared/domain/params/generators';
import { messageOf, useAppStore } from './app';
import { useToastsStore } from './toasts';

export type ImportPreviewResult = { ok: true; preview: ImportPreview } | { ok: false; error: string };

export const useDatasetsStore = defineStore('datasets', () => {
  const app = useAppStore();
  const toasts = useToastsStore();
  const summaries = shallowRef<DatasetSummary[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  /** Set while a change (generate, save, delete, …) is on its way, so that buttons do not fire twice. */
  const busy = ref(false);
  // Full data sets hold every row: keep them out of deep reactivity.
  const cache = shallowRef(new Map<string, Dataset>());
  const pending = new Map<string, Promise<Dataset | null>>();

  async function loadList(): Promise<void> {
    loading.value = true;
    try {
      summaries.value = await client.api.datasets.list();
      loaded.value = true;
    } catch (error) {
      app.report('Could not load the data sets', error);
    } finally {
      loading.value = false;
    }
  }

  async function ensureList(): Promise<void> {
    if (!loaded.value && !loading.value) await loadList();
  }

  function summaryOf(id: string): DatasetSummary | undefined {
    return summaries.value.find((summary) => summary.id === id);
  }

  async function fetchDataset(id: string): Promise<Dataset | null> {
    const cached = cache.value.get(id);
    const listed = summaryOf(id);
    if (cached && (!listed || listed.version === cached.version)) return cached;
    const inFlight = pending.get(id);
    if (inFlight) return inFlight;
    const request = client.api.datasets
      .get(id)
      .then((dataset) => {
        cache.value = new Map(cache.value).set(id, dataset);
        return dataset;
      })
      .catch((error: unknown) => {
        app.report(`Could not load data set “${id}”`, error);
        return null;
      })
      .finally(() => pending.delete(id));
    pending.set(id, request);
    return request;
  }

  /** Runs one change, reports a failure in words, and reloads the list so that every view sees the result. */
  async function change<T>(failure: string, action: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    try {
      return await action();
    } catch (error) {
      app.report(failure, error);
      return null;
    } finally {
      busy.value = false;
      await loadList();
    }
  }

  function generate(params: GeneratorParamsInput): Promise<DatasetSummary | null> {
    return change('Could not generate the data set', () => client.api.datasets.generate(params));
  }

  /** Import errors belong next to the file, with their line numbers: returned, not reported. */
  async function previewImport(input: DatasetImport): Promise<ImportPreviewResult> {
    try {
      return { ok: true, preview: await client.api.datasets.previewImport(input) };
    } catch (error) {
      return { ok: false, error: messageOf(error) };
    }
  }

  function importDataset(input: DatasetImport): Promise<DatasetSummary | null> {
    return change('Could not import the file', () => client.api.datasets.import(input));
  }

  function rename(id: string, name: string): Promise<DatasetSummary | null> {
    return change('Could not rename the data set', () => client.api.datasets.update(id, { name }));
  }

  function duplicate(id: string): Promise<DatasetSummary | null> {
    return change('Could not duplicate the data set', () => client.api.datasets.duplicate(id));
  }

  /** Every save of new data makes a new version; runs keep pointing at the one they used. */
  function saveData(id: string, data: DatasetData, note: string): Promise<DatasetSummary | null> {
    return change('Could not save the data set', () => client.api.datasets.update(id, { data, note }));
  }

  async function remove(summary: DatasetSummary): Promise<boolean> {
    const result = await change(`Could not delete “${summary.name}”`, () => client.api.datasets.delete(summary.id));
    if (!result?.deleted) return false;
    toasts.offerUndo(`Deleted “${summary.name}”.`, () => restore(summary.id));
    return true;
  }

  function restore(id: string): Promise<DatasetSummary | null> {
    return change('Could not restore the data set', () => client.api.datasets.restore(id));
  }

  async function versions(id: string): Promise<DatasetVersionInfo[] | null> {
    try {
      return await client.api.datasets.versions(id);
    } catch (error) {
      app.report('Could not list the versions', error);
      return null;
    }
  }

  async function exportDataset(id: string, format: 'csv' | 'json'): Promise<DatasetExport | null> {
    try {
      return await client.api.datasets.export(id, format);
    } catch (error) {
      app.report(`Could not export the data set as ${format.toUpperCase()}`, error);
      return null;
    }
  }

  return {
    summaries,
    loading,
    loaded,
    busy,
    loadList,
    ensureList,
    summaryOf,
    fetchDataset,
    generate,
    previewImport,
    importDataset,
    rename,
    duplicate,
    saveData,
    remove,
    restore,
    versions,
    exportDataset,
  };
});
