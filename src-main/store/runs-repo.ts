import type { Db } from './db';
import type { Network } from '../../shared/domain/network';
import type {
  RunMetrics,
  RunRecord,
  RunResult,
  RunSeriesPoint,
  RunStatus,
  RunSummary,
  RunTimings,
  RunVersions,
} from '../../shared/domain/run';
import type { RunListQuery, RunPage, RunPatch } from '../../shared/contracts/runs';

interface RunRow {
  id: string;
  experiment_id: string | null;
  parent_id: string | null;
  archived: number;
  deleted_at: string | null;
  dataset_id: string;
  dataset_name: string;
  dataset_version: number;
  method: string;
  name: string;
  params: string;
  status: RunStatus;
  metrics: string;
  model: string | null;
  result: string | null;
  error: string | null;
  log: string;
  timings: string;
  versions: string;
  seed: number | null;
  tags: string;
  notes: string;
  created_at: string;
  finished_at: string | null;
}

const summaryColumns =
  'id, experiment_id, parent_id, archived, deleted_at, dataset_id, dataset_name, dataset_version, method, name, status, metrics, timings, tags, notes, created_at, finished_at';

function toSummary(row: Pick<RunRow, Exclude<keyof RunRow, 'params' | 'model' | 'result' | 'error' | 'log' | 'versions' | 'seed'>>): RunSummary {
  return {
    id: row.id,
    name: row.name,
    method: row.method,
    dataset: row.dataset_id,
    datasetName: row.dataset_name,
    datasetVersion: row.dataset_version,
    status: row.status,
    metrics: JSON.parse(row.metrics) as RunMetrics,
    timings: JSON.parse(row.timings) as RunTimings,
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    experimentId: row.experiment_id,
    parentId: row.parent_id,
    archived: row.archived === 1,
    deleted: row.deleted_at !== null,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

function toRecord(row: RunRow): RunRecord {
  return {
    ...toSummary(row),
    params: JSON.parse(row.params) as Record<string, unknown>,
    model: row.model ? (JSON.parse(row.model) as Network) : null,
    result: row.result ? (JSON.parse(row.result) as RunResult) : null,
    error: row.error,
    log: row.log,
    versions: JSON.parse(row.versions) as RunVersions,
    seed: row.seed,
  };
}

export interface NewRun {
  id: string;
  experimentId: string | null;
  parentId?: string | null;
  /** Sweeps start as running: they are never queued themselves. */
  status?: 'queued' | 'running';
  dataset: { id: string; name: string; version: number };
  method: string;
  name: string;
  params: Record<string, unknown>;
  tags: string[];
  notes: string;
  versions: RunVersions;
  seed: number | null;
}

export interface RunOutcome {
  status: RunStatus;
  metrics?: RunMetrics;
  model?: Network | null;
  result?: RunResult | null;
  error?: string | null;
  log?: string;
  timings: RunTimings;
  versions?: RunVersions;
}

export class RunsRepo {
  constructor(private readonly db: Db) {}

  insert(run: NewRun): RunSummary {
    this.db
      .prepare(
        `INSERT INTO runs (id, experiment_id, parent_id, dataset_id, dataset_name, dataset_version, method, name, params, status, tags, notes, versions, seed, owner_pid, created_at)
         VALUES (@id, @experimentId, @parentId, @datasetId, @datasetName, @datasetVersion, @method, @name, @params, @status, @tags, @notes, @versions, @seed, @ownerPid, @createdAt)`,
      )
      .run({
        id: run.id,
        experimentId: run.experimentId,
        parentId: run.parentId ?? null,
        status: run.status ?? 'queued',
        datasetId: run.dataset.id,
        datasetName: run.dataset.name,
        datasetVersion: run.dataset.version,
        method: run.method,
        name: run.name,
        params: JSON.stringify(run.params),
        tags: JSON.stringify(run.tags),
        notes: run.notes,
        versions: JSON.stringify(run.versions),
        seed: run.seed,
        ownerPid: process.pid,
        createdAt: new Date().toISOString(),
      });
    return this.summary(run.id)!;
  }

  /** Several writes as one: all stored or none. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  setStatus(id: string, status: RunStatus): void {
    this.db.prepare('UPDATE runs SET status = ? WHERE id = ?').run(status, id);
  }

  /** Stores the end of a run and its progress series in one transaction: all or nothing. */
  finish(id: string, outcome: RunOutcome, series: Record<string, RunSeriesPoint[]> = {}): void {
    const write = this.db.transaction(() => {
      const current = this.db.prepare('SELECT versions FROM runs WHERE id = ?').get(id) as { versions: string } | undefined;
      if (!current) return;
      this.db
        .prepare(
          `UPDATE runs SET status = @status, metrics = @metrics, model = @model, result = @result, error = @error,
             log = @log, timings = @timings, versions = @versions, finished_at = @finishedAt WHERE id = @id`,
        )
        .run({
          id,
          status: outcome.status,
          metrics: JSON.stringify(outcome.metrics ?? {}),
          model: outcome.model ? JSON.stringify(outcome.model) : null,
          result: outcome.result ? JSON.stringify(outcome.result) : null,
          error: outcome.error ?? null,
          log: outcome.log ?? '',
          timings: JSON.stringify(outcome.timings),
          versions: outcome.versions ? JSON.stringify(outcome.versions) : current.versions,
          finishedAt: new Date().toISOString(),
        });
      const insertPoint = this.db.prepare('INSERT OR REPLACE INTO run_series (run_id, name, step, x, y) VALUES (?, ?, ?, ?, ?)');
      for (const [name, points] of Object.entries(series)) {
        for (const p of points) insertPoint.run(id, name, p.step, p.x, p.y);
      }
    });
    write();
  }

  /**
   * Runs left queued or running by a process that died are not silently lost: they become
   * `interrupted`. Runs owned by another live process (a CLI beside the app) are left alone.
   */
  markUnfinishedAsInterrupted(isAlive: (pid: number) => boolean = processIsAlive): number {
    const unfinished = this.db.prepare("SELECT id, owner_pid FROM runs WHERE status IN ('queued', 'running')").all() as { id: string; owner_pid: number | null }[];
    const orphans = unfinished.filter((r) => r.owner_pid === null || r.owner_pid === process.pid || !isAlive(r.owner_pid));
    const mark = this.db.prepare(
      "UPDATE runs SET status = 'interrupted', error = 'ReLU Lab stopped before this run finished.', finished_at = ? WHERE id = ? AND status IN ('queued', 'running')",
    );
    const now = new Date().toISOString();
    this.db.transaction(() => orphans.forEach((r) => mark.run(now, r.id)))();
    return orphans.length;
  }

  get(id: string): RunRecord | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRecord(row) : null;
  }

  summary(id: string): RunSummary | null {
    const row = this.db.prepare(`SELECT ${summaryColumns} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    return row ? toSummary(row) : null;
  }

  list(query: Required<Pick<RunListQuery, 'limit' | 'offset'>> & Omit<RunListQuery, 'limit' | 'offset'>): RunPage {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit, offset: query.offset };
    // Plain equality filters: query field → column.
    const equalities = [
      ['method', 'method'],
      ['dataset', 'dataset_id'],
      ['status', 'status'],
      ['experimentId', 'experiment_id'],
    ] as const;
    for (const [field, column] of equalities) {
      if (query[field]) {
        where.push(`${column} = @${field}`);
        params[field] = query[field];
      }
    }
    if (query.parentId) {
      where.push('parent_id = @parentId');
      params.parentId = query.parentId;
    } else {
      where.push('parent_id IS NULL');
    }
    where.push('deleted_at IS NULL');
    if (query.tag) {
      where.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE json_each.value = @tag)');
      params.tag = query.tag;
    }
    if (query.createdAfter) {
      where.push('created_at >= @createdAfter');
      params.createdAfter = query.createdAfter;
    }
    if (query.createdBefore) {
      where.push('created_at < @createdBefore');
      params.createdBefore = query.createdBefore;
    }
    if (query.archived === 'only') where.push('archived = 1');
    else if (query.archived !== 'include') where.push('archived = 0');
    if (query.search) {
      where.push("(name LIKE @search ESCAPE '\\' OR notes LIKE @search ESCAPE '\\' OR id = @exact)");
      params.search = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.exact = query.search;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT ${summaryColumns} FROM runs ${clause} ORDER BY ${query.parentId ? 'rowid ASC' : 'created_at DESC, rowid DESC'} LIMIT @limit OFFSET @offset`)
      .all(params) as RunRow[];
    const { total } = this.db.prepare(`SELECT COUNT(*) AS total FROM runs ${clause}`).get(params) as { total: number };
    return { runs: rows.map(toSummary), total };
  }

  update(id: string, patch: RunPatch): RunSummary | null {
    const update = this.db.transaction(() => {
      if (patch.name !== undefined) this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(patch.name, id);
      if (patch.tags !== undefined) this.db.prepare('UPDATE runs SET tags = ? WHERE id = ?').run(JSON.stringify(patch.tags), id);
      if (patch.notes !== undefined) this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(patch.notes, id);
      if (patch.archived !== undefined) this.db.prepare('UPDATE runs SET archived = ? WHERE id = ?').run(patch.archived ? 1 : 0, id);
    });
    update();
    return this.summary(id);
  }

  setDeleted(id: string, deleted: boolean): boolean {
    return this.db.prepare('UPDATE runs SET deleted_at = ? WHERE id = ?').run(deleted ? new Date().toISOString() : null, id).changes > 0;
  }

  /** Empties the trash of runs deleted before the given time (with their series and sweep members). */
  purgeDeleted(olderThanIso: string): number {
    return this.db.prepare('DELETE FROM runs WHERE deleted_at IS NOT NULL AND deleted_at < ?').run(olderThanIso).changes;
  }

  tags(): { tag: string; count: number }[] {
    return this.db
      .prepare('SELECT json_each.value AS tag, COUNT(*) AS count FROM runs, json_each(runs.tags) WHERE runs.deleted_at IS NULL GROUP BY json_each.value ORDER BY count DESC, tag')
      .all() as { tag: string; count: number }[];
  }

  series(id: string): Record<string, RunSeriesPoint[]> {
    const rows = this.db.prepare('SELECT name, step, x, y FROM run_series WHERE run_id = ? ORDER BY name, step').all(id) as ({ name: string } & RunSeriesPoint)[];
    const out: Record<string, RunSeriesPoint[]> = {};
    for (const { name, ...point } of rows) (out[name] ??= []).push(point);
    return out;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
