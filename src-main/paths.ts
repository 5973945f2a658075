import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'relulab') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the relulab package above ${start}`);
    dir = parent;
  }
}

/** The folder holding package.json: the same whether running from source (tests) or from out/ (bundles). */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

export const paths = {
  root: projectRoot,
  assets: path.join(projectRoot, 'assets'),
  renderer: path.join(projectRoot, 'out', 'renderer'),
  worker: path.join(projectRoot, 'out', 'main', 'worker.cjs'),
  preload: path.join(projectRoot, 'out', 'main', 'preload.cjs'),
  /** better-sqlite3 built against Electron's ABI, kept apart from the Node build (see scripts/setup-electron.mjs). */
  electronSqliteBinding: path.join(projectRoot, 'native', 'electron', 'better_sqlite3.node'),
};

export const appVersion: string = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
