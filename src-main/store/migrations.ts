import type Database from 'better-sqlite3';

export type Migration = (db: Database.Database) => void;

/**
 * migrations[v] upgrades a database at schema version v to v + 1. Never edit a released step;
 * append one, and add a fixture database of the previous version under test/fixtures/db/.
 */
export const migrations: Migration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        task TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        rows INTEGER NOT NULL,
        features INTEGER NOT NULL,
        data TEXT NOT NULL,
        provenance TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        builtin INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE experiments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        dataset_id TEXT,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        experiment_id TEXT REFERENCES experiments(id) ON DELETE SET NULL,
        parent_id TEXT REFERENCES runs(id) ON DELETE CASCADE,
        dataset_id TEXT NOT NULL,
        dataset_name TEXT NOT NULL,
        dataset_version INTEGER NOT NULL,
        method TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL,
        status TEXT NOT NULL,
        metrics TEXT NOT NULL DEFAULT '{}',
        model TEXT,
        result TEXT,
        error TEXT,
        log TEXT NOT NULL DEFAULT '',
        timings TEXT NOT NULL DEFAULT '{}',
        versions TEXT NOT NULL DEFAULT '{}',
        seed INTEGER,
        tags TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        owner_pid INTEGER,
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX runs_by_created ON runs(created_at DESC, id DESC);
      CREATE INDEX runs_by_parent ON runs(parent_id, created_at DESC);
      CREATE INDEX runs_by_method ON runs(method, created_at DESC);
      CREATE INDEX runs_by_dataset ON runs(dataset_id, created_at DESC);
      CREATE INDEX runs_by_status ON runs(status, created_at DESC);
      CREATE INDEX runs_by_experiment ON runs(experiment_id, created_at DESC);
      CREATE TABLE run_series (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        step INTEGER NOT NULL,
        x REAL NOT NULL,
        y REAL NOT NULL,
        PRIMARY KEY (run_id, name, step)
      ) WITHOUT ROWID;
    `);
  },
  // v2: archive and trash for runs and data sets; every version of a data set's data is kept,
  // so that a run can always be re-run on exactly the data it used.
  (db) => {
    db.exec(`
      ALTER TABLE runs ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE runs ADD COLUMN deleted_at TEXT;
      CREATE INDEX runs_by_archived ON runs(archived, created_at DESC);
      ALTER TABLE datasets ADD COLUMN deleted_at TEXT;
      CREATE TABLE dataset_versions (
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        features INTEGER NOT NULL,
        data TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        PRIMARY KEY (dataset_id, version)
      ) WITHOUT ROWID;
      INSERT INTO dataset_versions (dataset_id, version, rows, features, data, note, created_at)
        SELECT id, version, rows, features, data, 'as first stored', created_at FROM datasets;
    `);
  },
];
