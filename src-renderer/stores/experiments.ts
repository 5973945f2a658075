import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { client } from '../api/client';
import type { Experiment, ExperimentCreate, Preset } from '../../shared/contracts/experiments';
import type { RunSummary } from '../../shared/domain/run';
import { messageOf, useAppStore } from './app';

export interface ExperimentDetail {
  experiment: Experiment;
  runs: RunSummary[];
}

export const useExperimentsStore = defineStore('experiments', () => {
  const app = useAppStore();

  const list = shallowRef<Experiment[]>([]);
  const listLoading = ref(false);
  const listFailed = ref(false);

  const presets = shallowRef<Preset[]>([]);
  const presetsLoading = ref(false);
  /** The preset being launched, so that its button can say so and not be pressed twice. */
  const launchingPreset = ref<string | null>(null);

  const current = shallowRef<ExperimentDetail | null>(null);
  const currentError = ref<string | null>(null);
  let currentRequest = 0;

  async function loadList(): Promise<void> {
    listLoading.value = true;
    try {
      list.value = await client.api.experiments.list();
      listFailed.value = false;
    } catch (error) {
      listFailed.value = true;
      app.report('Could not load the experiments', error);
    } finally {
      listLoading.value = false;
    }
  }

  async function loadPresets(): Promise<void> {
    // Presets are files shipped with the app: they do not change while it runs.
    if (presets.value.length || presetsLoading.value) return;
    presetsLoading.value = true;
    try {
      presets.value = await client.api.experiments.presets();
    } catch (error) {
      app.report('Could not load the preset experiments', error);
    } finally {
      presetsLoading.value = false;
    }
  }

  /** Creates the experiment and starts its runs; resolves to the new experiment's id. */
  async function runPreset(id: string): Promise<string | null> {
    if (launchingPreset.value) return null;
    launchingPreset.value = id;
    try {
      const detail = await client.api.experiments.runPreset(id);
      current.value = detail;
      currentError.value = null;
      return detail.experiment.id;
    } catch (error) {
      app.report('Could not start the preset experiment', error);
      return null;
    } finally {
      launchingPreset.value = null;
    }
  }

  /** An empty experiment that runs are then started into (the builder); null when it could not be made (reported). */
  async function create(input: ExperimentCreate): Promise<Experiment | null> {
    try {
      return await client.api.experiments.create(input);
    } catch (error) {
      app.report('Could not create the experiment', error);
      return null;
    }
  }

  async function load(id: string): Promise<void> {
    const request = ++currentRequest;
    if (current.value?.experiment.id !== id) {
      current.value = null;
      currentError.value = null;
    }
    try {
      const detail = await client.api.experiments.get(id);
      if (request !== currentRequest) return;
      current.value = detail;
      currentError.value = null;
    } catch (error) {
      if (request === currentRequest) currentError.value = messageOf(error);
    }
  }

  return { list, listLoading, listFailed, presets, presetsLoading, launchingPreset, current, currentError, loadList, loadPresets, runPreset, create, load };
});
