import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { client } from '../api/client';
import type { DecisionGrid } from '../../shared/contracts/runs';
import type { MethodInfo } from '../../shared/domain/methods';
import {
  finishedStatuses,
  type NamedPoint,
  type RunEvent,
  type RunRecord,
  type RunSeriesPoint,
  type RunSpecInput,
  type RunStatus,
  type RunSummary,
} from '../../shared/domain/run';
import { messageOf, useAppStore } from './app';

export interface RunProgress {
  fraction: number | null;
  message: string;
  elapsedMs: number;
}

export type SeriesByName = Record<string, RunSeriesPoint[]>;

/** The progress curves of the open run: streamed while it runs (`live`), then the stored ones. */
export interface CurrentSeries {
  runId: string;
  series: SeriesByName;
  live: boolean;
}

export function isFinished(status: RunStatus): boolean {
  return finishedStatuses.includes(status);
}

export const useRunsStore = defineStore('runs', () => {
  const app = useAppStore();

  const methods = shallowRef<MethodInfo[]>([]);
  const progress = shallowRef<Record<string, RunProgress>>({});
  /** Bumped on every status change so that lists showing runs know to refresh. */
  const statusChanges = ref(0);
  const lastKnownStatus = new Map<string, RunStatus>();
  /** The same statuses as they arrive, reactive: live lists of runs (the experiment builder) read them. */
  const statuses = shallowRef<Record<string, RunStatus>>({});

  const current = shallowRef<RunRecord | null>(null);
  const currentError = ref<string | null>(null);
  let currentRequest = 0;
  const grid = shallowRef<{ runId: string; grid: DecisionGrid } | null>(null);
  const gridError = ref<string | null>(null);
  const series = shallowRef<CurrentSeries | null>(null);
  /**
   * Points streamed for every run in progress, kept outside reactivity: a run opened while it
   * trains shows its curve from the start. Dropped when the run finishes and its series are stored.
   */
  const liveSeries = new Map<string, SeriesByName>();

  client.onEvent(handleEvent);

  function appendLivePoints(runId: string, points: NamedPoint[]): void {
    const byName = liveSeries.get(runId) ?? {};
    liveSeries.set(runId, byName);
    for (const { name, step, x, y } of points) (byName[name] ??= []).push({ step, x, y });
    // New arrays for the open run only, so that its chart sees the change.
    if (series.value?.runId === runId && series.value.live) series.value = { runId, series: copySeries(byName), live: true };
  }

  function handleEvent(event: RunEvent): void {
    if (event.type === 'run-progress') {
      const { fraction, message, elapsedMs } = event;
      progress.value = { ...progress.value, [event.runId]: { fraction, message, elapsedMs } };
      if (event.points?.length) appendLivePoints(event.runId, event.points);
      return;
    }
    lastKnownStatus.set(event.runId, event.status);
    statuses.value = { ...statuses.value, [event.runId]: event.status };
    if (isFinished(event.status)) {
      liveSeries.delete(event.runId);
      if (event.runId in progress.value) {
        const { [event.runId]: _done, ...rest } = progress.value;
        progress.value = rest;
      }
    }
    statusChanges.value++;
    const run = current.value;
    if (run?.id !== event.runId) return;
    // A finished run has new metrics and results: fetch the whole record again.
    if (isFinished(event.status)) void loadRun(run.id);
    else current.value = { ...run, status: event.status };
  }

  function copySeries(byName: SeriesByName): SeriesByName {
    return Object.fromEntries(Object.entries(byName).map(([name, points]) => [name, points.slice()]));
  }

  async function loadMethods(): Promise<void> {
    if (methods.value.length) return;
    try {
      methods.value = await client.api.runs.methods();
    } catch (error) {
      app.report('Could not load the list of methods', error);
    }
  }

  async function loadRun(id: string): Promise<void> {
    const request = ++currentRequest;
    if (current.value?.id !== id) {
      current.value = null;
      currentError.value = null;
      const streamed = liveSeries.get(id);
      series.value = { runId: id, series: streamed ? copySeries(streamed) : {}, live: true };
    }
    try {
      const record = await client.api.runs.get(id);
      if (request !== currentRequest) return;
      current.value = record;
      currentError.value = null;
      // The run may have finished while this request was in flight; its event would then have been ignored.
      const known = lastKnownStatus.get(id);
      if (known && isFinished(known) && !isFinished(record.status)) void loadRun(id);
    } catch (error) {
      if (request === currentRequest) currentError.value = messageOf(error);
    }
  }

  async function loadGrid(runId: string, resolution = 200): Promise<void> {
    if (grid.value?.runId === runId) return;
    grid.value = null;
    gridError.value = null;
    try {
      const result = await client.api.runs.decisionGrid(runId, { resolution });
      if (current.value?.id === runId) grid.value = { runId, grid: result };
    } catch (error) {
      if (current.value?.id === runId) gridError.value = messageOf(error);
    }
  }

  /** The stored curves of a finished run; they replace whatever was streamed. */
  async function loadSeries(runId: string): Promise<void> {
    try {
      const stored = await client.api.runs.series(runId);
      if (current.value?.id === runId) series.value = { runId, series: stored, live: false };
    } catch (error) {
      if (current.value?.id === runId) app.report('Could not load the progress curves of the run', error);
    }
  }

  /** The optimisation model a solver run solved, as LP or MPS text; null when it could not be written (reported). */
  async function exportModel(id: string, format: 'lp' | 'mps'): Promise<{ fileName: string; mediaType: string; text: string } | null> {
    try {
      return await client.api.runs.exportModel(id, format);
    } catch (error) {
      app.report(`Could not export the model as ${format.toUpperCase()}`, error);
      return null;
    }
  }

  async function start(spec: RunSpecInput): Promise<RunSummary | null> {
    try {
      return await client.api.runs.start(spec);
    } catch (error) {
      app.report('Could not start the run', error);
      return null;
    }
  }

  /** The service re-runs on the exact data-set version the run used. */
  async function rerun(run: RunRecord): Promise<RunSummary | null> {
    try {
      return await client.api.runs.rerun(run.id);
    } catch (error) {
      app.report('Could not re-run', error);
      return null;
    }
  }

  async function cancel(id: string): Promise<void> {
    try {
      const { cancelled } = await client.api.runs.cancel(id);
      if (!cancelled) app.report('The run was not cancelled', 'It had already finished.', 'Nothing to do: its results are shown.');
    } catch (error) {
      app.report('Could not cancel the run', error);
    }
  }

  return {
    methods,
    progress,
    statuses,
    statusChanges,
    current,
    currentError,
    grid,
    gridError,
    series,
    loadMethods,
    loadRun,
    loadGrid,
    loadSeries,
    exportModel,
    start,
    rerun,
    cancel,
  };
});
