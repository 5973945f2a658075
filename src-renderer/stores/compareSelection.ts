import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { isStringArray, readStored, storageKeyOf, writeStored } from '../dom/storage';

const STORAGE_KEY = 'compare.selection';
// More than this is no longer a side-by-side comparison, and every run costs a decision grid.
export const MAX_COMPARED_RUNS = 24;

/**
 * The runs the user has put aside for comparison ("Add to comparison" on a run's page), kept
 * across restarts. Only ids: the comparison store loads the runs themselves.
 */
export const useCompareSelectionStore = defineStore('compareSelection', () => {
  const ids = ref<string[]>(readStored(STORAGE_KEY, isStringArray, []).slice(0, MAX_COMPARED_RUNS));

  watch(ids, (value) => writeStored(STORAGE_KEY, value), { deep: true });

  // Another window of the app (or another tab in browser mode) may change the selection too.
  window.addEventListener('storage', (event) => {
    if (event.key === storageKeyOf(STORAGE_KEY)) ids.value = readStored(STORAGE_KEY, isStringArray, []).slice(0, MAX_COMPARED_RUNS);
  });

  const count = computed(() => ids.value.length);
  const full = computed(() => ids.value.length >= MAX_COMPARED_RUNS);

  function has(id: string): boolean {
    return ids.value.includes(id);
  }

  /** Adds the runs not yet selected, in order, up to the limit; returns how many were added. */
  function add(...runIds: string[]): number {
    const fresh = runIds.filter((id, index) => !ids.value.includes(id) && runIds.indexOf(id) === index);
    const room = Math.max(0, MAX_COMPARED_RUNS - ids.value.length);
    const added = fresh.slice(0, room);
    if (added.length) ids.value = [...ids.value, ...added];
    return added.length;
  }

  function remove(id: string): void {
    ids.value = ids.value.filter((selected) => selected !== id);
  }

  function toggle(id: string): void {
    if (has(id)) remove(id);
    else add(id);
  }

  function clear(): void {
    ids.value = [];
  }

  return { ids, count, full, has, add, remove, toggle, clear };
});
