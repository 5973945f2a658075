import type { Db } from './db';
import type { Experiment } from '../../shared/contracts/experiments';

interface ExperimentRow {
  id: string;
  name: string;
  dataset_id: string | null;
  notes: string;
  created_at: string;
  run_count: number;
}

function toExperiment(row: ExperimentRow): Experiment {
  return { id: row.id, name: row.name, dataset: row.dataset_id, notes: row.notes, createdAt: row.created_at, runCount: row.run_count };
}

const select = `SELECT e.*, (SELECT COUNT(*) FROM runs r WHERE r.experiment_id = e.id AND r.parent_id IS NULL) AS run_count FROM experiments e`;

export class ExperimentsRepo {
  constructor(private readonly db: Db) {}

  list(): Experiment[] {
    return (this.db.prepare(`${select} ORDER BY e.created_at DESC`).all() as ExperimentRow[]).map(toExperiment);
  }

  get(id: string): Experiment | null {
    const row = this.db.prepare(`${select} WHERE e.id = ?`).get(id) as ExperimentRow | undefined;
    return row ? toExperiment(row) : null;
  }

  insert(experiment: { id: string; name: string; dataset: string | null; notes: string }): Experiment {
    this.db
      .prepare('INSERT INTO experiments (id, name, dataset_id, notes, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(experiment.id, experiment.name, experiment.dataset, experiment.notes, new Date().toISOString());
    return this.get(experiment.id)!;
  }
}
