import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src-main/paths';
import { createAppContext } from '../../src-main/services/context';
import { openDatabase, openHistory, SCHEMA_VERSION } from '../../src-main/store/db';
import { migrations } from '../../src-main/store/migrations';
import { RunsRepo } from '../../src-main/store/runs-repo';
import { tempDir } from '../helpers/context';

const tmp = tempDir('relulab-durability-');
afterAll(() => tmp.cleanup());

const KILLS = 20;
const RUNS_PER_CHILD = 1000;

/** Starts the inserting child, kills it with SIGKILL after a random number of acknowledgements. */
function insertAndKill(file: string, prefix: string, killAfterAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'out/test/insert-runs.cjs'), file, prefix, String(RUNS_PER_CHILD)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('ack ')) acked.push(line.slice(4));
        if (acked.length >= killAfterAcks) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`insert child failed (${code}): ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('durability of the history', () => {
  it(`survives ${KILLS} kill -9 of a process inserting ${RUNS_PER_CHILD} runs: integrity ok, every acknowledged run whole`, async () => {
    const file = path.join(tmp.dir, 'killed.db');
    const acknowledged: string[] = [];
    const verify = (ids: string[]) => {
      const db = openDatabase(file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const repo = new RunsRepo(db);
        for (const id of ids) {
          const run = repo.get(id);
          expect(run, `run ${id} was acknowledged but is missing`).not.toBeNull();
          expect(run!.status).toBe('completed');
          expect(run!.metrics.accuracy).toBe(1);
          expect(repo.series(id).loss).toHaveLength(2);
        }
      } finally {
        db.close();
      }
    };
    for (let k = 0; k < KILLS; k++) {
      // A random moment: anywhere from before the first commit to the last ones.
      const killAfter = 1 + Math.floor(Math.random() * (RUNS_PER_CHILD - 1));
      const acked = await insertAndKill(file, `k${k}`, killAfter);
      verify(acked);
      acknowledged.push(...acked);
    }
    // Once more at the end: nothing acknowledged earlier was lost by a later kill.
    verify(acknowledged);
    console.log(`durability: ${KILLS} kills, ${acknowledged.length} acknowledged runs, all present and whole`);
    expect(acknowledged.length).toBeGreaterThan(KILLS);
  }, 240_000);
});

function logicalDump(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const schema = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const data = ['datasets', 'experiments', 'runs', 'run_series'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());
    return JSON.stringify({ version: db.pragma('user_version', { simple: true }), schema, data });
  } finally {
    db.close();
  }
}

describe('schema migrations', () => {
  const fixtureV1 = path.join(projectRoot, 'test/fixtures/db/schema-v1.db');

  it('upgrades a database of every earlier schema version (v1 fixture) and keeps a copy first', async () => {
    expect(SCHEMA_VERSION).toBe(2);
    const file = path.join(tmp.dir, 'from-v1.db');
    copyFileSync(fixtureV1, file);
    const context = createAppContext({ dbPath: file, mode: 'cli' });
    try {
      expect(context.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const runs = await context.services.runs.list({ limit: 10 });
      expect(runs.runs.map((r) => r.name).sort()).toEqual(['run 0 from schema v1', 'run 1 from schema v1', 'run 2 from schema v1']);
      expect(runs.runs.every((r) => r.archived === false && r.tags[0] === 'v1')).toBe(true);
      const run = await context.services.runs.get('r-v1-1');
      expect(run.notes).toBe('note 1 — ünïcode');
      expect(run.model!.layers[0]!.b).toEqual([0.5]);
      expect((await context.services.experiments.get('e1')).runs).toHaveLength(3);
      expect(existsSync(`${file}.v1.bak`)).toBe(true);
      expect(logicalDump(`${file}.v1.bak`)).toBe(logicalDump(fixtureV1));
    } finally {
      await context.close();
    }
  });

  it('leaves the file as it was when a migration fails midway', () => {
    const file = path.join(tmp.dir, 'failing.db');
    copyFileSync(fixtureV1, file);
    const before = logicalDump(file);
    const failing = [
      ...migrations,
      (db: Database.Database) => {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        db.exec("UPDATE runs SET name = 'overwritten'");
        throw new Error('injected failure in the middle of a migration');
      },
    ];
    expect(() => openDatabase(file, { migrations: failing })).toThrow(/injected failure/);
    expect(logicalDump(file)).toBe(before);
    expect(existsSync(`${file}.v1.bak`)).toBe(true);
  });

  it('moves a file that is not an SQLite database aside, says where, and starts afresh', () => {
    const file = path.join(tmp.dir, 'not-sqlite.db');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const { db, notices } = openHistory(file);
    try {
      expect(notices).toHaveLength(1);
      const aside = /moved to (\S+) and a new/.exec(notices[0]!)![1]!;
      expect(readFileSync(aside, 'utf8')).toMatch(/^these are my notes/);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  it('moves a damaged database aside too', () => {
    const file = path.join(tmp.dir, 'damaged.db');
    copyFileSync(fixtureV1, file);
    const bytes = readFileSync(file);
    bytes.fill(0x55, 4096, bytes.length);
    writeFileSync(file, bytes);
    const { db, notices } = openHistory(file);
    db.close();
    expect(notices[0]).toMatch(/could not be read/);
  });
});

describe('another program holding the write lock', () => {
  it('makes writes wait, then fail with a clear error, with nothing half-written', async () => {
    const file = path.join(tmp.dir, 'locked.db');
    const context = createAppContext({ dbPath: file, mode: 'cli', database: { busyTimeoutMs: 300 } });
    const other = new Database(file);
    try {
      const before = (await context.services.runs.list({})).total;
      other.exec('BEGIN IMMEDIATE');
      const t0 = performance.now();
      const answer = await context.dispatch('runs', 'start', [{ dataset: 'xor', method: 'linear-regression' }]);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.message).toMatch(/locked by another program.*nothing was written/);
      other.exec('ROLLBACK');
      expect((await context.services.runs.list({})).total).toBe(before);
      const retried = await context.dispatch('runs', 'start', [{ dataset: 'xor', method: 'linear-regression' }]);
      expect(retried.ok).toBe(true);
    } finally {
      other.close();
      await context.close();
    }
  });
});
