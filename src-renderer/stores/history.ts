import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import { client } from '../api/client';
import type { RunListQuery, RunPage, RunPatch } from '../../shared/contracts/runs';
import type { RunSpecInput, RunStatus, RunSummary } from '../../shared/domain/run';
import { useAppStore } from './app';
import { useToastsStore } from './toasts';

export type ArchivedChoice = 'exclude' | 'include' | 'only';

export interface HistoryFilters {
  method: string;
  dataset: string;
  status: RunStatus | '';
  search: string;
  tag: string;
  /** Calendar days as the date inputs give them (YYYY-MM-DD, local time); both ends included. */
  from: string;
  to: string;
  archived: ArchivedChoice;
}

export const HISTORY_PAGE_SIZE = 25;

/** Local midnight of a YYYY-MM-DD day as an ISO instant, `days` later; null when the text is not a day. */
export function dayStart(day: string, days = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The history list (one page at a time, so that 10,000 runs cost one page) and the edits made from it. */
export const useHistoryStore = defineStore('history', () => {
  const app = useAppStore();
  const toasts = useToastsStore();

  const filters = reactive<HistoryFilters>({ method: '', dataset: '', status: '', search: '', tag: '', from: '', to: '', archived: 'exclude' });
  const offset = ref(0);
  const page = shallowRef<RunPage>({ runs: [], total: 0 });
  const loading = ref(false);
  /** Set when the last load failed, so that an empty table is not mistaken for "no runs". */
  const failed = ref(false);
  let request = 0;

  function query(): RunListQuery {
    const result: RunListQuery = { limit: HISTORY_PAGE_SIZE, offset: offset.value, archived: filters.archived };
    if (filters.method) result.method = filters.method;
    if (filters.dataset) result.dataset = filters.dataset;
    if (filters.status) result.status = filters.status;
    const search = filters.search.trim();
    if (search) result.search = search;
    const tag = filters.tag.trim();
    if (tag) result.tag = tag;
    const after = dayStart(filters.from);
    if (after) result.createdAfter = after;
    // "To" includes the whole day: before the next midnight.
    const before = dayStart(filters.to, 1);
    if (before) result.createdBefore = before;
    return result;
  }

  async function load(): Promise<void> {
    const mine = ++request;
    loading.value = true;
    try {
      const result = await client.api.runs.list(query());
      if (mine !== request) return;
      page.value = result;
      failed.value = false;
    } catch (error) {
      if (mine !== request) return;
      failed.value = true;
      app.report('Could not load the run history', error);
    } finally {
      if (mine === request) loading.value = false;
    }
  }

  /** Swaps one row in place: editing a note must not reload (or reorder) the page. */
  function replaceRow(summary: RunSummary): void {
    page.value = { ...page.value, runs: page.value.runs.map((run) => (run.id === summary.id ? summary : run)) };
  }

  async function update(run: RunSummary, patch: RunPatch, failure: string): Promise<RunSummary | null> {
    try {
      const summary = await client.api.runs.update(run.id, patch);
      replaceRow(summary);
      return summary;
    } catch (error) {
      app.report(failure, error);
      return null;
    }
  }

  function saveTagsAndNotes(run: RunSummary, tags: string[], notes: string): Promise<RunSummary | null> {
    return update(run, { tags, notes }, `Could not save the tags and notes of “${run.name || run.id}”`);
  }

  async function setArchived(run: RunSummary, archived: boolean, offerUndo = true): Promise<void> {
    const summary = await update(run, { archived }, `Could not ${archived ? 'archive' : 'unarchive'} “${run.name || run.id}”`);
    if (!summary) return;
    await load();
    if (offerUndo) toasts.offerUndo(`${archived ? 'Archived' : 'Unarchived'} “${run.name || run.id}”.`, () => setArchived(summary, !archived, false));
  }

  async function remove(run: RunSummary): Promise<void> {
    try {
      await client.api.runs.delete(run.id);
    } catch (error) {
      app.report(`Could not delete “${run.name || run.id}”`, error);
      return;
    }
    await load();
    toasts.offerUndo(`Deleted “${run.name || run.id}”.`, () => restore(run.id));
  }

  async function restore(id: string): Promise<void> {
    try {
      await client.api.runs.restore(id);
    } catch (error) {
      app.report('Could not restore the run', error);
    }
    await load();
  }

  /** The same spec on the same version of the data; the new run appears at the top. */
  async function rerun(run: RunSummary): Promise<RunSummary | null> {
    try {
      const started = await client.api.runs.rerun(run.id);
      await load();
      return started;
    } catch (error) {
      app.report(`Could not re-run “${run.name || run.id}”`, error);
      return null;
    }
  }

  /** What `relulab run --spec FILE` needs to make this run again; fetched only when asked for. */
  async function specOf(id: string): Promise<RunSpecInput | null> {
    try {
      const run = await client.api.runs.get(id);
      return { dataset: run.dataset, datasetVersion: run.datasetVersion, method: run.method, params: run.params, ...(run.name ? { name: run.name } : {}) };
    } catch (error) {
      app.report('Could not load the spec of the run', error);
      return null;
    }
  }

  return { filters, offset, page, loading, failed, load, saveTagsAndNotes, setArchived, remove, restore, rerun, specOf };
});
