import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { client } from '../api/client';
import type { Experiment } from '../../shared/contracts/experiments';
import type { DecisionGrid } from '../../shared/contracts/runs';
import { ServiceError } from '../../shared/contracts/errors';
import type { Dataset } from '../../shared/domain/dataset';
import type { RunRecord, RunSeriesPoint } from '../../shared/domain/run';
import { messageOf, useAppStore } from './app';
import { isFinished } from './runs';

export type Bounds = [xmin: number, xmax: number, ymin: number, ymax: number];

export type GridState = { key: string; grid: DecisionGrid; error: null } | { key: string; grid: null; error: string | null };

/** Where the compared runs came from: a link or selection (ids), or a whole experiment. */
export type ComparisonSource = { kind: 'runs'; ids: string[] } | { kind: 'experiment'; id: string };

function datasetKey(id: string, version: number): string {
  return `${id}@${version}`;
}

/**
 * Everything the Compare view shows about several runs: the records (with parameters), their
 * stored curves, the exact data set versions they used and decision grids on shared bounds.
 * Large arrays live in shallow refs, replaced whole when they change.
 */
export const useComparisonStore = defineStore('comparison', () => {
  const app = useAppStore();

  const runs = shallowRef<RunRecord[]>([]);
  const experiment = shallowRef<Experiment | null>(null);
  /** Requested runs that no longer exist (deleted since they were selected). */
  const missing = ref<string[]>([]);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  let request = 0;

  const series = shallowRef<Record<string, Record<string, RunSeriesPoint[]>>>({});
  /** Which status the series of each run were loaded at, so that a finished run gets its final curves. */
  const seriesLoadedAt = new Map<string, string>();
  const datasets = shallowRef<Record<string, Dataset>>({});
  const datasetRequests = new Map<string, Promise<Dataset | null>>();
  const grids = shallowRef<Record<string, GridState>>({});

  async function fetchRecords(ids: string[]): Promise<{ records: RunRecord[]; missing: string[]; error: string | null }> {
    const settled = await Promise.allSettled(ids.map((id) => client.api.runs.get(id)));
    const records: RunRecord[] = [];
    const gone: string[] = [];
    let error: string | null = null;
    settled.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') records.push(outcome.value);
      else if (outcome.reason instanceof ServiceError && outcome.reason.code === 'not-found') gone.push(ids[index]!);
      else error ??= messageOf(outcome.reason);
    });
    return { records, missing: gone, error };
  }

  async function resolveIds(source: ComparisonSource): Promise<string[]> {
    if (source.kind === 'runs') {
      experiment.value = null;
      return source.ids;
    }
    const detail = await client.api.experiments.get(source.id);
    experiment.value = detail.experiment;
    // In the order they were started: a preset lists its runs in a meaningful order.
    return [...detail.runs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map((run) => run.id);
  }

  /**
   * Loads (or reloads, as runs finish) the compared runs. `quiet` reloads keep what is shown
   * until the new records arrive, so that the page does not flash empty.
   */
  async function load(source: ComparisonSource, quiet = false): Promise<void> {
    const current = ++request;
    if (!quiet) loading.value = true;
    try {
      const ids = await resolveIds(source);
      const result = await fetchRecords(ids);
      if (current !== request) return;
      runs.value = result.records;
      missing.value = result.missing;
      loadError.value = result.error;
      for (const record of result.records) {
        void loadSeries(record);
        void loadDataset(record.dataset, record.datasetVersion);
      }
    } catch (error) {
      if (current !== request) return;
      runs.value = [];
      loadError.value = messageOf(error);
    } finally {
      if (current === request) loading.value = false;
    }
  }

  /** The stored curves of a finished run (loss, accuracy, MIP bounds); a run in progress has none stored yet. */
  async function loadSeries(run: RunRecord): Promise<void> {
    if (!isFinished(run.status) || seriesLoadedAt.get(run.id) === run.status) return;
    seriesLoadedAt.set(run.id, run.status);
    try {
      const stored = await client.api.runs.series(run.id);
      series.value = { ...series.value, [run.id]: stored };
    } catch (error) {
      seriesLoadedAt.delete(run.id);
      app.report(`Could not load the curves of run “${run.name || run.id}”`, error);
    }
  }

  /** The exact version of the data a run used; several runs usually share one. */
  function loadDataset(id: string, version: number): Promise<Dataset | null> {
    const key = datasetKey(id, version);
    const known = datasets.value[key];
    if (known) return Promise.resolve(known);
    const inFlight = datasetRequests.get(key);
    if (inFlight) return inFlight;
    const pending = client.api.datasets
      .get(id, version)
      .then((dataset) => {
        datasets.value = { ...datasets.value, [key]: dataset };
        return dataset;
      })
      .catch((error: unknown) => {
        app.report(`Could not load version ${version} of data set “${id}”`, error);
        return null;
      })
      .finally(() => datasetRequests.delete(key));
    datasetRequests.set(key, pending);
    return pending;
  }

  function datasetOf(run: RunRecord): Dataset | null {
    return datasets.value[datasetKey(run.dataset, run.datasetVersion)] ?? null;
  }

  /** A decision grid over `bounds`: the same for every run, so that the plots share their axes. */
  async function loadGrid(runId: string, bounds: Bounds, resolution: number): Promise<void> {
    const key = `${bounds.join(',')}|${resolution}`;
    if (grids.value[runId]?.key === key) return;
    grids.value = { ...grids.value, [runId]: { key, grid: null, error: null } };
    try {
      const grid = await client.api.runs.decisionGrid(runId, { resolution, bounds });
      if (grids.value[runId]?.key === key) grids.value = { ...grids.value, [runId]: { key, grid, error: null } };
    } catch (error) {
      if (grids.value[runId]?.key === key) grids.value = { ...grids.value, [runId]: { key, grid: null, error: messageOf(error) } };
    }
  }

  return { runs, experiment, missing, loading, loadError, series, datasets, grids, load, datasetOf, loadGrid };
});
