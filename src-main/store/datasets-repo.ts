import type { Db } from './db';
import type { Dataset, DatasetData, DatasetSummary, DatasetVersionInfo, Provenance, Task } from '../../shared/domain/dataset';

interface DatasetRow {
  id: string;
  name: string;
  task: Task;
  version: number;
  rows: number;
  features: number;
  data: string;
  provenance: string;
  description: string;
  builtin: number;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

const summaryColumns = 'id, name, task, version, rows, features, provenance, description, builtin, deleted_at, created_at, updated_at';

function toSummary(row: Omit<DatasetRow, 'data'>): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    task: row.task,
    version: row.version,
    rows: row.rows,
    features: row.features,
    builtin: row.builtin === 1,
    provenance: JSON.parse(row.provenance) as Provenance,
    description: row.description,
    deleted: row.deleted_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewDataset {
  id: string;
  name: string;
  data: DatasetData;
  provenance: Provenance;
  description?: string;
  builtin?: boolean;
}

/**
 * Data sets and every version of their data. The `datasets` row holds the current version;
 * `dataset_versions` keeps them all, so a run can be re-run on exactly what it saw.
 */
export class DatasetsRepo {
  constructor(private readonly db: Db) {}

  list(options: { includeDeleted?: boolean } = {}): DatasetSummary[] {
    const where = options.includeDeleted ? '' : 'WHERE deleted_at IS NULL';
    const rows = this.db.prepare(`SELECT ${summaryColumns} FROM datasets ${where} ORDER BY builtin DESC, name`).all() as DatasetRow[];
    return rows.map(toSummary);
  }

  summary(id: string): DatasetSummary | null {
    const row = this.db.prepare(`SELECT ${summaryColumns} FROM datasets WHERE id = ?`).get(id) as DatasetRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** The current version, or a given one. Deleted data sets are still readable (their runs need them). */
  get(id: string, version?: number): Dataset | null {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    if (!row) return null;
    if (version === undefined || version === row.version) return { ...toSummary(row), data: JSON.parse(row.data) as DatasetData };
    const old = this.db.prepare('SELECT rows, features, data FROM dataset_versions WHERE dataset_id = ? AND version = ?').get(id, version) as
      | { rows: number; features: number; data: string }
      | undefined;
    if (!old) return null;
    const data = JSON.parse(old.data) as DatasetData;
    return { ...toSummary(row), version, rows: old.rows, features: old.features, task: data.task, data };
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM datasets WHERE id = ? AND deleted_at IS NULL').get(id) !== undefined;
  }

  versions(id: string): DatasetVersionInfo[] {
    return (
      this.db.prepare('SELECT version, rows, features, note, created_at FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC').all(id) as {
        version: number;
        rows: number;
        features: number;
        note: string;
        created_at: string;
      }[]
    ).map((v) => ({ version: v.version, rows: v.rows, features: v.features, note: v.note, createdAt: v.created_at }));
  }

  insert(dataset: NewDataset): DatasetSummary {
    const now = new Date().toISOString();
    const data = JSON.stringify(dataset.data);
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO datasets (id, name, task, version, rows, features, data, provenance, description, builtin, created_at, updated_at)
           VALUES (@id, @name, @task, 1, @rows, @features, @data, @provenance, @description, @builtin, @now, @now)`,
        )
        .run({
          id: dataset.id,
          name: dataset.name,
          task: dataset.data.task,
          rows: dataset.data.X.length,
          features: dataset.data.featureNames.length,
          data,
          provenance: JSON.stringify(dataset.provenance),
          description: dataset.description ?? '',
          builtin: dataset.builtin ? 1 : 0,
          now,
        });
      this.insertVersion(dataset.id, 1, dataset.data, data, 'created', now);
    })();
    return this.summary(dataset.id)!;
  }

  private insertVersion(id: string, version: number, parsed: DatasetData, data: string, note: string, now: string): void {
    this.db
      .prepare('INSERT INTO dataset_versions (dataset_id, version, rows, features, data, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, version, parsed.X.length, parsed.featureNames.length, data, note, now);
  }

  /** New data makes a new version; the old ones stay. */
  addVersion(id: string, data: DatasetData, note: string): DatasetSummary {
    const now = new Date().toISOString();
    const text = JSON.stringify(data);
    this.db.transaction(() => {
      const { version } = this.db.prepare('SELECT version FROM datasets WHERE id = ?').get(id) as { version: number };
      this.insertVersion(id, version + 1, data, text, note, now);
      this.db
        .prepare('UPDATE datasets SET version = ?, task = ?, rows = ?, features = ?, data = ?, updated_at = ? WHERE id = ?')
        .run(version + 1, data.task, data.X.length, data.featureNames.length, text, now, id);
    })();
    return this.summary(id)!;
  }

  rename(id: string, name: string, description?: string): DatasetSummary {
    this.db.prepare('UPDATE datasets SET name = ?, description = COALESCE(?, description), updated_at = ? WHERE id = ?').run(name, description ?? null, new Date().toISOString(), id);
    return this.summary(id)!;
  }

  setDeleted(id: string, deleted: boolean): void {
    this.db.prepare('UPDATE datasets SET deleted_at = ? WHERE id = ?').run(deleted ? new Date().toISOString() : null, id);
  }

  /** Trash older than this is emptied at start; runs keep the data set's name either way. */
  purgeDeleted(olderThanIso: string): number {
    const unused = `deleted_at IS NOT NULL AND deleted_at < ? AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.dataset_id = datasets.id)`;
    return this.db.prepare(`DELETE FROM datasets WHERE ${unused}`).run(olderThanIso).changes;
  }
}
