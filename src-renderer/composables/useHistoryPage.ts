import { computed, onBeforeUnmount, onMounted, ref, shallowRef, watch } from 'vue';
import { useRouter } from 'vue-router';
import type { RunSpecInput, RunSummary } from '../../shared/domain/run';
import { useDatasetsStore } from '../stores/datasets';
import { HISTORY_PAGE_SIZE, useHistoryStore } from '../stores/history';
import { useRunsStore } from '../stores/runs';
import { useToastsStore } from '../stores/toasts';
import { useShortcut } from './useShortcut';

const TYPING_DELAY_MS = 250;
// Several runs often change status at once (queued → running → completed); refresh once for the burst.
const REFRESH_DELAY_MS = 200;

/** The side panel: a run's tags and notes, or its spec. */
export type HistoryPanel = { kind: 'edit'; run: RunSummary } | { kind: 'spec'; run: RunSummary; spec: RunSpecInput | null };

/** Text typed into a filter reaches the store after a pause, so that each key press is not a query. */
function debouncedText(read: () => string, write: (text: string) => void) {
  const text = ref(read());
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(text, (value) => {
    clearTimeout(timer);
    timer = setTimeout(() => write(value), TYPING_DELAY_MS);
  });
  // Set from elsewhere (a click on a tag chip): show it at once.
  watch(read, (value) => {
    if (value !== text.value) text.value = value;
  });
  return { text, cancel: () => clearTimeout(timer) };
}

export function useHistoryPage() {
  const runs = useRunsStore();
  const history = useHistoryStore();
  const datasets = useDatasetsStore();
  const toasts = useToastsStore();
  const router = useRouter();

  const search = debouncedText(() => history.filters.search, (text) => (history.filters.search = text));
  const tag = debouncedText(() => history.filters.tag, (text) => (history.filters.tag = text));
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  const panel = shallowRef<HistoryPanel | null>(null);

  watch(
    () => ({ ...history.filters }),
    () => {
      // Resetting the page triggers the offset watcher, which loads.
      if (history.offset !== 0) history.offset = 0;
      else void history.load();
    },
  );
  watch(() => history.offset, () => void history.load());

  watch(
    () => runs.statusChanges,
    () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void history.load(), REFRESH_DELAY_MS);
    },
  );

  // The open panel follows its run when the row is replaced (saved tags, new status).
  watch(
    () => history.page,
    (page) => {
      const open = panel.value;
      const fresh = open && page.runs.find((run) => run.id === open.run.id);
      if (open && fresh && fresh !== open.run) panel.value = { ...open, run: fresh };
    },
  );

  onMounted(() => {
    void datasets.ensureList();
    void runs.loadMethods();
    void history.load();
  });

  onBeforeUnmount(() => {
    search.cancel();
    tag.cancel();
    clearTimeout(refreshTimer);
  });

  const total = computed(() => history.page.total);
  const firstShown = computed(() => (total.value ? history.offset + 1 : 0));
  const lastShown = computed(() => history.offset + history.page.runs.length);
  const hasPrevious = computed(() => history.offset > 0);
  const hasNext = computed(() => lastShown.value < total.value);
  /** Tags seen on this page, offered while typing a tag filter. */
  const knownTags = computed(() => [...new Set(history.page.runs.flatMap((run) => run.tags))].sort());
  const filtered = computed(() => {
    const f = history.filters;
    return !!(f.method || f.dataset || f.status || f.search || f.tag || f.from || f.to || f.archived !== 'exclude');
  });

  function previous(): void {
    history.offset = Math.max(0, history.offset - HISTORY_PAGE_SIZE);
  }

  function next(): void {
    if (hasNext.value) history.offset += HISTORY_PAGE_SIZE;
  }

  function open(id: string): void {
    void router.push(`/runs/${id}`);
  }

  function clearFilters(): void {
    Object.assign(history.filters, { method: '', dataset: '', status: '', search: '', tag: '', from: '', to: '', archived: 'exclude' });
  }

  function filterByTag(value: string): void {
    history.filters.tag = value;
  }

  function edit(run: RunSummary): void {
    panel.value = { kind: 'edit', run };
  }

  async function showSpec(run: RunSummary): Promise<void> {
    panel.value = { kind: 'spec', run, spec: null };
    const spec = await history.specOf(run.id);
    if (panel.value?.kind === 'spec' && panel.value.run.id === run.id) panel.value = spec ? { ...panel.value, spec } : null;
  }

  function closePanel(): boolean {
    if (!panel.value) return false;
    panel.value = null;
    return true;
  }

  async function saveMeta(run: RunSummary, tags: string[], notes: string): Promise<void> {
    if (await history.saveTagsAndNotes(run, tags, notes)) closePanel();
  }

  async function rerun(run: RunSummary): Promise<void> {
    const started = await history.rerun(run);
    if (started) toasts.show(`Started “${started.name || started.id}”.`, { label: 'Open', testid: 'toast-open-run', run: () => open(started.id) });
  }

  useShortcut('Escape', closePanel, { whileTyping: true, description: 'Close the side panel' });

  return {
    searchText: search.text,
    tagText: tag.text,
    panel,
    total,
    firstShown,
    lastShown,
    hasPrevious,
    hasNext,
    knownTags,
    filtered,
    previous,
    next,
    open,
    clearFilters,
    filterByTag,
    edit,
    showSpec,
    closePanel,
    saveMeta,
    rerun,
  };
}
