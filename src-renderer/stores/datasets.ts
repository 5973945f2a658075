import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { client } from '../api/client';
import type { Dataset, DatasetSummary } from '../../shared/domain/dataset';
import { useAppStore } from './app';

export const useDatasetsStore = defineStore('datasets', () => {
  const app = useAppStore();
  const summaries = shallowRef<DatasetSummary[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
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

  return { summaries, loading, loaded, loadList, ensureList, summaryOf, fetchDataset };
});
