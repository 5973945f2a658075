import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceError } from '../../shared/contracts/errors';
import { presetSchema, type Experiment, type ExperimentCreate, type ExperimentsService, type Preset } from '../../shared/contracts/experiments';
import { paths } from '../paths';
import type { RunsServiceImpl } from './runs-service';
import type { RunSummary } from '../../shared/domain/run';
import type { DatasetsRepo } from '../store/datasets-repo';
import type { ExperimentsRepo } from '../store/experiments-repo';
import { newId } from '../store/ids';
import type { RunsRepo } from '../store/runs-repo';

export class ExperimentsServiceImpl implements ExperimentsService {
  constructor(
    private readonly experiments: ExperimentsRepo,
    private readonly runs: RunsRepo,
    private readonly datasets: DatasetsRepo,
    private readonly runService: RunsServiceImpl,
  ) {}

  private cachedPresets: Preset[] | null = null;

  async presets(): Promise<Preset[]> {
    this.cachedPresets ??= readdirSync(path.join(paths.assets, 'presets'))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => presetSchema.parse(JSON.parse(readFileSync(path.join(paths.assets, 'presets', f), 'utf8'))));
    return this.cachedPresets;
  }

  async runPreset(id: string): Promise<{ experiment: Experiment; runs: RunSummary[] }> {
    const preset = (await this.presets()).find((p) => p.id === id);
    if (!preset) throw new ServiceError('not-found', `There is no preset '${id}'.`);
    // A run may attack the network another run of the preset trains: "network": "$run:0".
    const dependsOn = preset.runs.map((run) => {
      const match = typeof run.params.network === 'string' ? /^\$run:(\d+)$/.exec(run.params.network) : null;
      return match ? Number(match[1]) : null;
    });
    // Validate every run that can be checked now, so a broken preset starts nothing.
    preset.runs.forEach((run, i) => {
      if (dependsOn[i] === null) this.runService.validateSpec({ dataset: preset.dataset, method: run.method, params: run.params });
      else if (dependsOn[i]! >= i || dependsOn[dependsOn[i]!] !== null) throw new ServiceError('internal', `Preset '${id}': run ${i} refers to a run that is not an earlier independent one.`);
    });
    const experiment = await this.create({ name: preset.title, dataset: preset.dataset, notes: preset.description });
    const started: (RunSummary | null)[] = [];
    for (const [i, run] of preset.runs.entries()) {
      started.push(dependsOn[i] === null ? await this.runService.start({ dataset: preset.dataset, method: run.method, params: run.params, name: run.name, experimentId: experiment.id }) : null);
    }
    preset.runs.forEach((run, i) => {
      const source = dependsOn[i];
      if (source === null || source === undefined) return;
      const sourceId = started[source]!.id;
      // Started once the network exists; it joins the experiment then (the UI follows run events).
      void this.runService
        .whenFinished(sourceId)
        .then(() => this.runService.start({ dataset: preset.dataset, method: run.method, params: { ...run.params, network: sourceId }, name: run.name, experimentId: experiment.id }))
        .catch((error: unknown) => process.stderr.write(`relulab: preset '${id}' could not start "${run.name}": ${(error as Error).message}\n`));
    });
    return { experiment: this.experiments.get(experiment.id)!, runs: started.filter((r): r is RunSummary => r !== null) };
  }

  async list(): Promise<Experiment[]> {
    return this.experiments.list();
  }

  async get(id: string): Promise<{ experiment: Experiment; runs: RunSummary[] }> {
    const experiment = this.experiments.get(id);
    if (!experiment) throw new ServiceError('not-found', `There is no experiment '${id}'.`);
    return { experiment, runs: this.runs.list({ limit: 1000, offset: 0, experimentId: id }).runs };
  }

  async create(input: ExperimentCreate): Promise<Experiment> {
    if (input.dataset && !this.datasets.exists(input.dataset)) throw new ServiceError('not-found', `There is no data set '${input.dataset}'.`);
    return this.experiments.insert({ id: newId('e'), name: input.name, dataset: input.dataset ?? null, notes: input.notes ?? '' });
  }
}
