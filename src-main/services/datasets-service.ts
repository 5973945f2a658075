import path from 'node:path';
import { ServiceError } from '../../shared/contracts/errors';
import type { DatasetExport, DatasetImport, DatasetsService, DatasetUpdate, ImportPreview } from '../../shared/contracts/datasets';
import type { Dataset, DatasetData, DatasetSummary, DatasetVersionInfo } from '../../shared/domain/dataset';
import { generatorInfo, generatorParamsSchema, type GeneratorParamsInput } from '../../shared/domain/params/generators';
import { generateDataset } from '../engine/data/generators';
import type { DatasetsRepo } from '../store/datasets-repo';
import { newId } from '../store/ids';
import { parseCsvDataset, parseJsonDataset, toCsv, validateData } from './dataset-import';

const PREVIEW_ROWS = 20;

export class DatasetsServiceImpl implements DatasetsService {
  constructor(private readonly repo: DatasetsRepo) {}

  async list(): Promise<DatasetSummary[]> {
    return this.repo.list();
  }

  async get(id: string, version?: number): Promise<Dataset> {
    const dataset = this.repo.get(id, version);
    if (!dataset) {
      if (version !== undefined && this.repo.summary(id)) throw new ServiceError('not-found', `Data set '${id}' has no version ${version}.`);
      throw new ServiceError('not-found', `There is no data set '${id}'. List them with \`relulab datasets list\`.`);
    }
    return dataset;
  }

  async versions(id: string): Promise<DatasetVersionInfo[]> {
    await this.get(id);
    return this.repo.versions(id);
  }

  private parse(input: DatasetImport): DatasetData {
    return input.format === 'csv' ? parseCsvDataset(input) : parseJsonDataset(input);
  }

  private defaultName(input: DatasetImport): string {
    return input.name ?? path.basename(input.fileName).replace(/\.(csv|json)$/i, '');
  }

  /** Parses and validates the whole file before anything is written. */
  async import(input: DatasetImport): Promise<DatasetSummary> {
    const data = this.parse(input);
    return this.repo.insert({
      id: newId('d'),
      name: this.defaultName(input),
      data,
      provenance: { kind: 'imported', fileName: path.basename(input.fileName), format: input.format },
      description: `Imported from ${path.basename(input.fileName)}.`,
    });
  }

  async previewImport(input: DatasetImport): Promise<ImportPreview> {
    const data = this.parse(input);
    return {
      name: this.defaultName(input),
      task: data.task,
      featureNames: data.featureNames,
      rows: data.X.length,
      ...(data.classNames ? { classNames: data.classNames } : {}),
      head: { X: data.X.slice(0, PREVIEW_ROWS), y: data.y.slice(0, PREVIEW_ROWS) },
    };
  }

  async export(id: string, format: 'csv' | 'json', version?: number): Promise<DatasetExport> {
    const dataset = await this.get(id, version);
    const base = `${dataset.name.replace(/[^\w.-]+/g, '_') || dataset.id}${version !== undefined ? `_v${version}` : ''}`;
    if (format === 'csv') return { fileName: `${base}.csv`, mediaType: 'text/csv', text: toCsv(dataset.data) };
    return { fileName: `${base}.json`, mediaType: 'application/json', text: `${JSON.stringify(dataset.data, null, 1)}\n` };
  }

  async generate(input: GeneratorParamsInput): Promise<DatasetSummary> {
    const params = generatorParamsSchema.parse(input);
    const { name: _name, ...all } = params;
    // Provenance keeps only what shaped the data: classes for blobs and spirals, balance for two classes.
    const multi = params.generator === 'blobs' || params.generator === 'spirals';
    const recorded = Object.fromEntries(Object.entries(all).filter(([k]) => !(k === 'classes' && !multi) && !(k === 'balance' && multi && params.classes > 2)));
    const info = generatorInfo[params.generator];
    return this.repo.insert({
      id: newId('d'),
      name: params.name ?? `${info.title} (n = ${params.n}, noise ${params.noise}, seed ${params.seed})`,
      data: generateDataset(params),
      provenance: { kind: 'generated', generator: params.generator, params: recorded, seed: params.seed },
      description: `${info.summary} Generated: ${Object.entries(recorded).filter(([k]) => k !== 'generator').map(([k, v]) => `${k} ${String(v)}`).join(', ')}.`,
    });
  }

  async update(id: string, update: DatasetUpdate): Promise<DatasetSummary> {
    const current = await this.get(id);
    if (current.builtin && update.data) throw new ServiceError('invalid-input', `'${current.name}' is built in and cannot be edited: duplicate it and edit the copy.`);
    let summary = this.repo.summary(id)!;
    if (update.data) summary = this.repo.addVersion(id, validateData(update.data), update.note ?? 'edited');
    if (update.name !== undefined || update.description !== undefined) summary = this.repo.rename(id, update.name ?? current.name, update.description);
    return summary;
  }

  async duplicate(id: string, name?: string): Promise<DatasetSummary> {
    const source = await this.get(id);
    const taken = new Set(this.repo.list({ includeDeleted: true }).map((d) => d.name));
    let copyName = `${source.name} (copy)`;
    for (let k = 2; taken.has(copyName); k++) copyName = `${source.name} (copy ${k})`;
    return this.repo.insert({
      id: newId('d'),
      name: name ?? copyName,
      data: source.data,
      provenance: { kind: 'edited', from: `${source.id}@${source.version}` },
      description: source.description,
    });
  }

  async delete(id: string): Promise<{ deleted: boolean }> {
    const dataset = await this.get(id);
    if (dataset.builtin) throw new ServiceError('invalid-input', `'${dataset.name}' is built in and cannot be deleted.`);
    this.repo.setDeleted(id, true);
    return { deleted: true };
  }

  async restore(id: string): Promise<DatasetSummary> {
    await this.get(id);
    this.repo.setDeleted(id, false);
    return this.repo.summary(id)!;
  }
}
