import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { client } from '../api/client';
import type { DecisionGrid } from '../../shared/contracts/runs';
import { inputSize, type Network } from '../../shared/domain/network';
import { successfulStatuses, type RunRecord, type RunSpecInput } from '../../shared/domain/run';
import { isFinished } from './runs';
import { messageOf, useAppStore } from './app';

/** A stored run whose model can be attacked. */
export interface NetworkChoice {
  id: string;
  name: string;
  method: string;
  /** "64 → 32 → 16 → 10" */
  shape: string;
  createdAt: string;
}

/** Methods whose runs end with a network in `model`. */
// 'evaluate' runs hold hand-written and imported networks.
const TRAINING_METHODS = ['mlp-gd', 'milp-train', 'logistic-regression', 'evaluate'];
// Each candidate costs one `get` (the summary does not say whether there is a model): look at the newest few.
const MAX_NETWORK_CANDIDATES = 40;

/** The formulations model ReLU hidden layers only (DESIGN.md §6); other nets are refused by the service. */
function attackable(net: Network): boolean {
  return net.layers.slice(0, -1).every((layer) => layer.activation === 'relu');
}

/** Everything the attack views fetch: full records for the comparison, the networks to attack, the plane's surface. */
export const useAttacksStore = defineStore('attacks', () => {
  const app = useAppStore();

  /** Full records of attack runs, by id; a finished run never changes, so it is fetched once. */
  const records = shallowRef<Record<string, RunRecord>>({});

  const networkChoices = shallowRef<NetworkChoice[]>([]);
  const networkChoicesFor = ref<string | null>(null);
  const networkChoicesLoading = ref(false);
  let choicesRequest = 0;

  /** The decision surface of the attacked network, for one attack run at a time. */
  const plane = shallowRef<{ attackRunId: string; grid: DecisionGrid } | null>(null);
  const planeError = ref<string | null>(null);

  const comparing = ref(false);

  async function loadRecords(ids: readonly string[]): Promise<void> {
    const wanted = ids.filter((id) => {
      const known = records.value[id];
      return !known || !isFinished(known.status);
    });
    if (!wanted.length) return;
    const fetched = await Promise.all(
      wanted.map((id) =>
        client.api.runs.get(id).catch((error: unknown) => {
          app.report('Could not load an attack run for the comparison', error);
          return null;
        }),
      ),
    );
    const next = { ...records.value };
    for (const record of fetched) if (record) next[record.id] = record;
    records.value = next;
  }

  /** Completed runs on this data set whose model takes `features` inputs, newest first. */
  async function loadNetworkChoices(datasetId: string, features: number | null): Promise<void> {
    const request = ++choicesRequest;
    networkChoicesLoading.value = true;
    try {
      const page = await client.api.runs.list({ dataset: datasetId, limit: 200 });
      const candidates = page.runs
        .filter((run) => TRAINING_METHODS.includes(run.method) && successfulStatuses.includes(run.status))
        .slice(0, MAX_NETWORK_CANDIDATES);
      const full = await Promise.all(candidates.map((run) => client.api.runs.get(run.id).catch(() => null)));
      if (request !== choicesRequest) return;
      networkChoices.value = full
        .filter((run): run is RunRecord => !!run?.model && attackable(run.model) && (features === null || inputSize(run.model) === features))
        .map((run) => ({
          id: run.id,
          name: run.name || run.id,
          method: run.method,
          shape: [inputSize(run.model!), ...run.model!.layers.map((layer) => layer.W.length)].join(' → '),
          createdAt: run.createdAt,
        }));
      networkChoicesFor.value = datasetId;
    } catch (error) {
      if (request === choicesRequest) app.report('Could not list the trained networks', error);
    } finally {
      if (request === choicesRequest) networkChoicesLoading.value = false;
    }
  }

  /** An ONNX or JSON weights file becomes an `evaluate` run on the data set; its id is returned for the form to select. */
  async function importNetwork(datasetId: string, file: File): Promise<string | null> {
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const format = /\.onnx$/i.test(file.name) ? 'onnx' : 'json';
      const run = await client.api.runs.importNetwork({ dataset: datasetId, fileName: file.name, format, base64: btoa(binary) });
      return run.id;
    } catch (error) {
      app.report(`Could not import ${file.name}`, error);
      return null;
    }
  }

  /** The surface is the attacked network's, over a box that holds both the data and the perturbed point. */
  async function loadPlane(attackRunId: string, networkRunId: string, bounds: [number, number, number, number], resolution: number): Promise<void> {
    if (plane.value?.attackRunId === attackRunId) return;
    plane.value = null;
    planeError.value = null;
    try {
      const grid = await client.api.runs.decisionGrid(networkRunId, { resolution, bounds });
      plane.value = { attackRunId, grid };
    } catch (error) {
      planeError.value = messageOf(error);
    }
  }

  /**
   * One experiment, one run per spec: the comparison table then lives on the experiment page.
   * Resolves to the experiment's id, or null when it could not be created (reported).
   */
  async function startComparison(name: string, dataset: string, specs: readonly RunSpecInput[]): Promise<string | null> {
    if (comparing.value) return null;
    comparing.value = true;
    try {
      const experiment = await client.api.experiments.create({ name, dataset });
      for (const spec of specs) await client.api.runs.start({ ...spec, experimentId: experiment.id });
      return experiment.id;
    } catch (error) {
      app.report('Could not start the formulation comparison', error);
      return null;
    } finally {
      comparing.value = false;
    }
  }

  return { records, networkChoices, networkChoicesFor, networkChoicesLoading, plane, planeError, comparing, loadRecords, loadNetworkChoices, loadPlane, startComparison, importNetwork };
});
