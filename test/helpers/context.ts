import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppContext, type AppContext, type ContextOptions } from '../../src-main/services/context';
import { projectRoot } from '../../src-main/paths';

export const faultWorker = path.join(projectRoot, 'out', 'test', 'fault-worker.cjs');

export function tempDir(prefix = 'relulab-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real context (SQLite file, worker threads) on a temporary database. */
export function testContext(options: Partial<ContextOptions> = {}): AppContext & { dbPath: string; dispose(): Promise<void> } {
  const { dir, cleanup } = tempDir();
  const dbPath = path.join(dir, 'history.db');
  const context = createAppContext({ dbPath, mode: 'cli', ...options });
  return {
    ...context,
    dbPath,
    async dispose() {
      await context.close();
      cleanup();
    },
  };
}

/** Every row of every table, for "nothing was written" checks. */
export function snapshot(context: AppContext): string {
  const tables = ['datasets', 'experiments', 'runs', 'run_series'];
  return JSON.stringify(tables.map((t) => context.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}
