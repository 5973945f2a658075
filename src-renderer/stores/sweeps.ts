import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { client } from '../api/client';
import type { RunPage } from '../../shared/contracts/runs';
import { messageOf } from './app';

export const SWEEP_CHILDREN_PAGE_SIZE = 20;

/** The member runs of the open sweep, one page at a time (a sweep can hold thousands). */
export const useSweepsStore = defineStore('sweeps', () => {
  const children = shallowRef<{ parentId: string; offset: number; page: RunPage } | null>(null);
  const childrenError = ref<string | null>(null);
  let request = 0;

  async function loadChildren(parentId: string, offset: number): Promise<void> {
    const mine = ++request;
    if (children.value?.parentId !== parentId) children.value = null;
    try {
      const page = await client.api.runs.list({ parentId, offset, limit: SWEEP_CHILDREN_PAGE_SIZE });
      if (mine !== request) return;
      children.value = { parentId, offset, page };
      childrenError.value = null;
    } catch (error) {
      if (mine === request) childrenError.value = messageOf(error);
    }
  }

  /** Runs the members that did not finish (interrupted, cancelled, failed); finished ones are kept. */
  async function resume(parentId: string): Promise<void> {
    try {
      await client.api.runs.resume(parentId);
      childrenError.value = null;
    } catch (error) {
      childrenError.value = messageOf(error);
    }
  }

  return { children, childrenError, loadChildren, resume };
});
