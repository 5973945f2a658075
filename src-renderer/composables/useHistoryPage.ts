import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useRouter } from 'vue-router';
import { useDatasetsStore } from '../stores/datasets';
import { HISTORY_PAGE_SIZE, useRunsStore } from '../stores/runs';

const SEARCH_DELAY_MS = 250;
// Several runs often change status at once (queued → running → completed); refresh once for the burst.
const REFRESH_DELAY_MS = 200;

export function useHistoryPage() {
  const runs = useRunsStore();
  const datasets = useDatasetsStore();
  const router = useRouter();

  const searchText = ref(runs.filters.search);
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  watch(searchText, (text) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => (runs.filters.search = text), SEARCH_DELAY_MS);
  });

  watch(
    () => ({ ...runs.filters }),
    () => {
      // Resetting the page triggers the offset watcher, which loads.
      if (runs.offset !== 0) runs.offset = 0;
      else void runs.loadHistory();
    },
  );
  watch(() => runs.offset, () => void runs.loadHistory());

  watch(
    () => runs.statusChanges,
    () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void runs.loadHistory(), REFRESH_DELAY_MS);
    },
  );

  onMounted(() => {
    void datasets.ensureList();
    void runs.loadMethods();
    void runs.loadHistory();
  });

  onBeforeUnmount(() => {
    clearTimeout(searchTimer);
    clearTimeout(refreshTimer);
  });

  const total = computed(() => runs.page.total);
  const firstShown = computed(() => (total.value ? runs.offset + 1 : 0));
  const lastShown = computed(() => runs.offset + runs.page.runs.length);
  const hasPrevious = computed(() => runs.offset > 0);
  const hasNext = computed(() => lastShown.value < total.value);

  function previous(): void {
    runs.offset = Math.max(0, runs.offset - HISTORY_PAGE_SIZE);
  }

  function next(): void {
    if (hasNext.value) runs.offset += HISTORY_PAGE_SIZE;
  }

  function open(id: string): void {
    void router.push(`/runs/${id}`);
  }

  return { searchText, total, firstShown, lastShown, hasPrevious, hasNext, previous, next, open };
}
