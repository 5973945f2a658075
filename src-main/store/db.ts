import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** An Electron-ABI build of better-sqlite3, when running inside Electron. */
  nativeBinding?: string;
  /** How long a write waits for another connection's lock before failing. */
  busyTimeoutMs?: number;
  /** Tests replace the migration list to exercise upgrades and failures. */
  migrations?: readonly Migration[];
}

export const SCHEMA_VERSION = allMigrations.length;

export class SchemaTooNewError extends Error {
  constructor(file: string, found: number, supported: number) {
    super(`The database ${file} has schema version ${found}, but this ReLU Lab understands versions up to ${supported}. Update ReLU Lab, or open another database with --db.`);
    this.name = 'SchemaTooNewError';
  }
}

/** Opens (creating if needed) the history database and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const existed = file !== ':memory:' && existsSync(file);
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, file, existed, options.migrations ?? allMigrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function migrate(db: Db, file: string, existed: boolean, migrations: readonly Migration[]): void {
  const target = migrations.length;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > target) throw new SchemaTooNewError(file, current, target);
  if (current === target) return;
  if (existed && current > 0) {
    // A copy before any forward migration, so a failed upgrade never costs the user their history.
    db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(file, `${file}.v${current}.bak`);
  }
  // One transaction for all steps: SQLite's DDL is transactional, so a failure leaves the file as it was.
  const upgrade = db.transaction(() => {
    for (let version = current; version < target; version++) migrations[version]!(db);
    db.pragma(`user_version = ${target}`);
  });
  upgrade();
}

function isNotADatabase(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT');
}

export interface OpenedHistory {
  db: Db;
  /** Things the user must be told at start, in words. */
  notices: string[];
}

/**
 * The app's way in: a file that is not an SQLite database (or is damaged beyond opening) is moved
 * aside, never deleted, and a fresh history is started; the notice says where the old file went.
 */
export function openHistory(file: string, options: OpenOptions = {}): OpenedHistory {
  try {
    const db = openDatabase(file, options);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      db.close();
      throw Object.assign(new Error(`integrity check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    }
    return { db, notices: [] };
  } catch (error) {
    if (!isNotADatabase(error) || file === ':memory:') throw error;
    const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, aside);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    }
    rmSync(`${file}-journal`, { force: true });
    const db = openDatabase(file, options);
    return { db, notices: [`The history database ${file} could not be read (${(error as Error).message}). It was moved to ${aside} and a new, empty history was started.`] };
  }
}
