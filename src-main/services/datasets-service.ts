import path from 'node:path';
import { ServiceError } from '../../shared/contracts/errors';
import type { DatasetExport, DatasetImport, DatasetsService } from '../../shared/contracts/datasets';
import type { Dataset, DatasetSummary } from '../../shared/domain/dataset';
import type { DatasetsRepo } from '../store/datasets-repo';
import { newId } from '../store/ids';
import { parseCsvDataset, parseJsonDataset, toCsv } from './dataset-import';

export class DatasetsServiceImpl implements DatasetsService {
  constructor(private readonly repo: DatasetsRepo) {}

  async list(): Promise<DatasetSummary[]> {
    return this.repo.list();
  }

  async get(id: string): Promise<Dataset> {
    const dataset = this.repo.get(id);
    if (!dataset) throw new ServiceError('not-found', `There is no data set '${id}'. List them with \`relulab datasets list\`.`);
    return dataset;
  }

  /** Parses and validates the whole file before anything is written. */
  async import(input: DatasetImport): Promise<DatasetSummary> {
    const data = input.format === 'csv' ? parseCsvDataset(input) : parseJsonDataset(input);
    const name = input.name ?? path.basename(input.fileName).replace(/\.(csv|json)$/i, '');
    return this.repo.insert({
      id: newId('d'),
      name,
      data,
      provenance: { kind: 'imported', fileName: path.basename(input.fileName), format: input.format },
      description: `Imported from ${path.basename(input.fileName)}.`,
    });
  }

  async export(id: string, format: 'csv' | 'json'): Promise<DatasetExport> {
    const dataset = await this.get(id);
    const base = dataset.name.replace(/[^\w.-]+/g, '_') || dataset.id;
    if (format === 'csv') return { fileName: `${base}.csv`, mediaType: 'text/csv', text: toCsv(dataset.data) };
    return { fileName: `${base}.json`, mediaType: 'application/json', text: `${JSON.stringify(dataset.data, null, 1)}\n` };
  }
}
