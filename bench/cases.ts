import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exampleNetworks } from '../shared/domain/methods';
import { evaluateGrid } from '../src-main/engine/nn/grid';
import { openDatabase, type Db } from '../src-main/store/db';
import { RunsRepo } from '../src-main/store/runs-repo';
import { newId } from '../src-main/store/ids';
import { trainingBenchCases } from './training-cases';
import { historyBenchCases } from './history-cases';
import { milpBenchCases } from './milp-cases';
import { attackBenchCases } from './attack-cases';

export interface BenchCase<C = unknown> {
  name: string;
  repetitions: number;
  note?: string;
  setup?: () => C | Promise<C>;
  run: (context: C) => unknown;
  teardown?: (context: C) => unknown;
  /** A reason to skip this case on this machine (python3 or numpy missing), or null. */
  skip?: () => string | null;
  /** Name of the case this one is compared against (speed-up = baseline median / this median). */
  baseline?: string;
}

interface StoreContext {
  dir: string;
  db: Db;
  repo: RunsRepo;
}

function tempStore(): StoreContext {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relulab-bench-'));
  const db = openDatabase(path.join(dir, 'bench.db'));
  return { dir, db, repo: new RunsRepo(db) };
}

function closeStore(context: StoreContext): void {
  context.db.close();
  rmSync(context.dir, { recursive: true, force: true });
}

function insertRuns(repo: RunsRepo, db: Db, count: number): void {
  const insert = db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = newId('r');
      repo.insert({
        id,
        experimentId: null,
        dataset: { id: 'xor', name: 'XOR', version: 1 },
        method: i % 2 ? 'evaluate' : 'linear-regression',
        name: `bench run ${i}`,
        params: { threshold: 0.5 },
        tags: [],
        notes: i % 10 === 0 ? 'a note to search for' : '',
        versions: { app: 'bench', node: process.version },
        seed: null,
      });
      repo.finish(id, { status: 'completed', metrics: { accuracy: 0.5, loss: 0.25 }, timings: { totalMs: 1 } });
    }
  });
  insert();
}

/** Keeps each case's context type checked while the list holds them all. */
export function defineCase<C>(bench: BenchCase<C>): BenchCase<unknown> {
  return bench as unknown as BenchCase<unknown>;
}

export const benchCases: BenchCase<unknown>[] = [
  defineCase({
    name: 'decision grid 200×200 (XOR 2-2-1 net)',
    repetitions: 20,
    run: () => evaluateGrid(exampleNetworks['xor-abs'].network, [-0.5, 1.5, -0.5, 1.5], 200),
  }),
  defineCase({
    name: 'store: insert 10,000 runs (one transaction)',
    repetitions: 5,
    setup: tempStore,
    run: (context: StoreContext) => insertRuns(context.repo, context.db, 10_000),
    teardown: closeStore,
  }),
  defineCase({
    name: 'store: list first page of 10,000 runs',
    repetitions: 20,
    setup: () => {
      const context = tempStore();
      insertRuns(context.repo, context.db, 10_000);
      return context;
    },
    run: (context: StoreContext) => context.repo.list({ limit: 100, offset: 0 }),
    teardown: closeStore,
  }),
  defineCase({
    name: 'store: filter+search 10,000 runs (goal < 50 ms)',
    repetitions: 20,
    setup: () => {
      const context = tempStore();
      insertRuns(context.repo, context.db, 10_000);
      return context;
    },
    run: (context: StoreContext) => context.repo.list({ limit: 100, offset: 0, method: 'evaluate', search: 'note' }),
    teardown: closeStore,
  }),
  ...trainingBenchCases(),
  ...historyBenchCases(),
  ...milpBenchCases(),
  ...attackBenchCases(),
];

