import { ServiceError } from '../../shared/contracts/errors';
import type { Experiment, ExperimentCreate, ExperimentsService } from '../../shared/contracts/experiments';
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
  ) {}

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
