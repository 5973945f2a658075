import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SCHEMA_VERSION } from '../../src-main/store/db';
import { RunsRepo } from '../../src-main/store/runs-repo';
import { createAppContext } from '../../src-main/services/context';
import { tempDir } from '../helpers/context';

describe('the SQLite store', () => {
  const tmp = tempDir('relulab-store-');
  afterEach(() => undefined);

  it('creates a WAL database at the current schema version with its tables', () => {
    const file = path.join(tmp.dir, 'fresh.db');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(['dataset_versions', 'datasets', 'experiments', 'run_series', 'runs']);
    db.close();
  });

  it('refuses a database from a newer ReLU Lab and names both versions', () => {
    const file = path.join(tmp.dir, 'newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 5}.*up to ${SCHEMA_VERSION}`));
  });

  it('marks runs left running by a dead process as interrupted, and leaves a live owner alone', () => {
    const file = path.join(tmp.dir, 'crash.db');
    const db = openDatabase(file);
    const repo = new RunsRepo(db);
    const base = { experimentId: null, dataset: { id: 'xor', name: 'XOR', version: 1 }, method: 'evaluate', name: 'x', params: {}, tags: [], notes: '', versions: { app: '0', node: 'v20' }, seed: null };
    repo.insert({ ...base, id: 'dead' });
    repo.insert({ ...base, id: 'alive' });
    repo.setStatus('dead', 'running');
    db.prepare('UPDATE runs SET owner_pid = 999999999 WHERE id = ?').run('dead');
    db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(process.ppid, 'alive');
    db.close();

    const context = createAppContext({ dbPath: file, mode: 'cli' });
    try {
      expect(context.interruptedAtStart).toBe(1);
      const dead = new RunsRepo(context.db).get('dead')!;
      expect(dead.status).toBe('interrupted');
      expect(dead.error).toMatch(/stopped before this run finished/);
      expect(new RunsRepo(context.db).get('alive')!.status).toBe('queued');
    } finally {
      void context.close();
    }
  });

  it('keeps the database on disk between opens (history survives a restart)', () => {
    const file = path.join(tmp.dir, 'persist.db');
    const first = createAppContext({ dbPath: file, mode: 'cli' });
    const count = (first.db.prepare('SELECT COUNT(*) AS n FROM datasets').get() as { n: number }).n;
    void first.close();
    expect(existsSync(file)).toBe(true);
    const again = openDatabase(file);
    expect((again.prepare('SELECT COUNT(*) AS n FROM datasets').get() as { n: number }).n).toBe(count);
    again.close();
  });
});
