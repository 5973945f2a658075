import { computed, onMounted, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { Dataset, DatasetSummary } from '../../shared/domain/dataset';
import { downloadText } from '../dom/download';
import { useDatasetsStore } from '../stores/datasets';
import { useShortcut } from './useShortcut';

export const datasetTabs = [
  { id: 'overview', label: 'Overview' },
  { id: 'table', label: 'Table editor' },
  { id: 'points', label: 'Point editor' },
  { id: 'versions', label: 'Versions' },
] as const;
export type DatasetTab = (typeof datasetTabs)[number]['id'];

export type CreatePanel = 'generate' | 'import' | null;

function isTab(value: unknown): value is DatasetTab {
  return datasetTabs.some((tab) => tab.id === value);
}

/** The point editor draws two features and colours classes: it needs both. */
export function pointEditable(dataset: Pick<Dataset, 'data'>): boolean {
  return dataset.data.featureNames.length === 2 && dataset.data.task !== 'regression';
}

export function useDatasetsPage() {
  const datasets = useDatasetsStore();
  const route = useRoute();
  const router = useRouter();

  // The selection and the tab live in the URL so that a data set can be linked to and survives reloads.
  const selectedId = computed(() => (typeof route.query.id === 'string' ? route.query.id : null));
  const tab = computed<DatasetTab>(() => (isTab(route.query.tab) ? route.query.tab : 'overview'));
  const selectedSummary = computed(() => (selectedId.value ? (datasets.summaryOf(selectedId.value) ?? null) : null));
  const selected = shallowRef<Dataset | null>(null);
  const createPanel = ref<CreatePanel>(null);

  // The version is part of the key: a save elsewhere (or in an editor) brings the new rows.
  watch(
    () => (selectedId.value ? `${selectedId.value}@${selectedSummary.value?.version ?? ''}` : null),
    async (key) => {
      const id = selectedId.value;
      if (!key || !id) {
        selected.value = null;
        return;
      }
      if (selected.value?.id !== id) selected.value = null;
      const dataset = await datasets.fetchDataset(id);
      if (selectedId.value === id) selected.value = dataset;
    },
    { immediate: true },
  );

  function select(id: string | null, nextTab: DatasetTab = tab.value): void {
    const query = id ? { id, ...(nextTab === 'overview' ? {} : { tab: nextTab }) } : {};
    void router.replace({ query });
  }

  function setTab(nextTab: DatasetTab): void {
    select(selectedId.value, nextTab);
  }

  function toggleCreate(panel: Exclude<CreatePanel, null>): void {
    createPanel.value = createPanel.value === panel ? null : panel;
  }

  function created(id: string): void {
    createPanel.value = null;
    select(id, 'overview');
  }

  async function duplicate(summary: DatasetSummary): Promise<void> {
    const copy = await datasets.duplicate(summary.id);
    if (copy) select(copy.id);
  }

  async function rename(summary: DatasetSummary, name: string): Promise<void> {
    await datasets.rename(summary.id, name);
  }

  async function remove(summary: DatasetSummary): Promise<void> {
    const deleted = await datasets.remove(summary);
    if (deleted && selectedId.value === summary.id) select(null);
  }

  async function exportAs(summary: DatasetSummary, format: 'csv' | 'json'): Promise<void> {
    const file = await datasets.exportDataset(summary.id, format);
    if (file) downloadText(file.fileName, file.mediaType, file.text);
  }

  function showVersions(summary: DatasetSummary): void {
    select(summary.id, 'versions');
  }

  // Escape closes the open generator or import panel; nothing else is closed by it here, so that it never throws away edits.
  useShortcut(
    'Escape',
    () => {
      if (!createPanel.value) return false;
      createPanel.value = null;
    },
    { whileTyping: true, description: 'Close the generator or import panel' },
  );

  onMounted(() => void datasets.loadList());

  return { selectedId, selectedSummary, selected, tab, createPanel, select, setTab, toggleCreate, created, duplicate, rename, remove, exportAs, showVersions };
}
