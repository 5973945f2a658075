import type { Db } from './db';
import type { Dataset, DatasetData, DatasetSummary, Provenance, Task } from '../../shared/domain/dataset';

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
  created_at: string;
  updated_at: string;
}

const summaryColumns = 'id, name, task, version, rows, features, provenance, description, builtin, created_at, updated_at';

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

export class DatasetsRepo {
  constructor(private readonly db: Db) {}

  list(): DatasetSummary[] {
    const rows = this.db.prepare(`SELECT ${summaryColumns} FROM datasets ORDER BY builtin DESC, name`).all() as DatasetRow[];
    return rows.map(toSummary);
  }

  get(id: string): Dataset | null {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    if (!row) return null;
    return { ...toSummary(row), data: JSON.parse(row.data) as DatasetData };
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(id) !== undefined;
  }

  insert(dataset: NewDataset): DatasetSummary {
    const now = new Date().toISOString();
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
        data: JSON.stringify(dataset.data),
        provenance: JSON.stringify(dataset.provenance),
        description: dataset.description ?? '',
        builtin: dataset.builtin ? 1 : 0,
        now,
      });
    return this.list().find((d) => d.id === dataset.id)!;
  }
}
