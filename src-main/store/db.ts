import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** An Electron-ABI build of better-sqlite3, when running inside Electron. */
  nativeBinding?: string;
}

export const SCHEMA_VERSION = migrations.length;

export class SchemaTooNewError extends Error {
  constructor(file: string, found: number) {
    super(`The database ${file} has schema version ${found}, but this ReLU Lab understands versions up to ${SCHEMA_VERSION}. Update ReLU Lab, or open another database with --db.`);
  }
}

/** Opens (creating if needed) the history database and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const existed = file !== ':memory:' && existsSync(file);
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrate(db, file, existed);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function migrate(db: Db, file: string, existed: boolean): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new SchemaTooNewError(file, current);
  if (current === SCHEMA_VERSION) return;
  if (existed && current > 0) {
    // A copy before any forward migration, so a failed upgrade never costs the user their history.
    db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(file, `${file}.v${current}.bak`);
  }
  const upgrade = db.transaction(() => {
    for (let version = current; version < SCHEMA_VERSION; version++) migrations[version]!(db);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  upgrade();
}
