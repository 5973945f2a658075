import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { useRouter } from 'vue-router';
import { isFinished, useRunsStore } from '../stores/runs';
import { SWEEP_CHILDREN_PAGE_SIZE, useSweepsStore } from '../stores/sweeps';

// Hundreds of member runs change status in bursts: refresh the page of them at most this often.
const REFRESH_DELAY_MS = 500;

/** The paged list of a sweep's member runs, refreshed while they run. */
export function useSweepPage(parentId: Readonly<Ref<string>>) {
  const sweeps = useSweepsStore();
  const runs = useRunsStore();
  const router = useRouter();
  const offset = ref(0);
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  const page = computed(() => (sweeps.children?.parentId === parentId.value ? sweeps.children.page : null));
  const total = computed(() => page.value?.total ?? 0);
  const firstShown = computed(() => (total.value ? offset.value + 1 : 0));
  const lastShown = computed(() => offset.value + (page.value?.runs.length ?? 0));
  const hasPrevious = computed(() => offset.value > 0);
  const hasNext = computed(() => lastShown.value < total.value);
  const unfinishedOnPage = computed(() => page.value?.runs.some((run) => !isFinished(run.status)) ?? false);

  watch(parentId, () => (offset.value = 0));
  watch([parentId, offset], ([id, from]) => void sweeps.loadChildren(id, from), { immediate: true });

  watch(
    () => runs.statusChanges,
    () => {
      // Once every run on the page is final, other runs' events cannot change it.
      if (page.value && !unfinishedOnPage.value) return;
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void sweeps.loadChildren(parentId.value, offset.value), REFRESH_DELAY_MS);
    },
  );

  onBeforeUnmount(() => clearTimeout(refreshTimer));

  function previous(): void {
    offset.value = Math.max(0, offset.value - SWEEP_CHILDREN_PAGE_SIZE);
  }

  function next(): void {
    if (hasNext.value) offset.value += SWEEP_CHILDREN_PAGE_SIZE;
  }

  function open(id: string): void {
    void router.push(`/runs/${id}`);
  }

  return { page, error: computed(() => sweeps.childrenError), total, firstShown, lastShown, hasPrevious, hasNext, previous, next, open };
}
