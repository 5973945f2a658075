import type { Services } from '../../shared/contracts';
import type { AppInfo } from '../../shared/contracts/app';
import { openHistory, type Db, type OpenOptions } from '../store/db';
import { DatasetsRepo } from '../store/datasets-repo';
import { ExperimentsRepo } from '../store/experiments-repo';
import { RunsRepo } from '../store/runs-repo';
import { JobPool, type PoolOptions } from '../workers/pool';
import { AppServiceImpl } from './app-service';
import { ensureBuiltins } from './builtin-datasets';
import { DatasetsServiceImpl } from './datasets-service';
import { createDispatcher, type Dispatch } from './dispatcher';
import { EventBus } from './events';
import { ExperimentsServiceImpl } from './experiments-service';
import { RunsServiceImpl } from './runs-service';
import { ReportsServiceImpl } from './reports-service';
import { chromiumPdf, type PdfRenderer } from '../reports/pdf';

export interface AppContext {
  db: Db;
  services: Services & { runs: RunsServiceImpl };
  dispatch: Dispatch;
  events: EventBus;
  pool: JobPool;
  /** Runs found queued or running at start: left by a process that died. */
  interruptedAtStart: number;
  /** What the user must be told at start (a damaged database moved aside, runs interrupted). */
  notices: string[];
  close(): Promise<void>;
}

export interface ContextOptions {
  dbPath: string;
  mode: AppInfo['mode'];
  pool?: PoolOptions;
  database?: OpenOptions;
  /** How reports become PDF: headless Chromium by default, Electron's printToPDF in the desktop app. */
  pdf?: PdfRenderer;
}

/** The composition root shared by the desktop app, the web host, the CLI and the tests. */
export function createAppContext(options: ContextOptions): AppContext {
  const { db, notices } = openHistory(options.dbPath, options.database);
  const datasetsRepo = new DatasetsRepo(db);
  const runsRepo = new RunsRepo(db);
  const experimentsRepo = new ExperimentsRepo(db);
  ensureBuiltins(datasetsRepo);
  const interruptedAtStart = runsRepo.markUnfinishedAsInterrupted();
  // The trash keeps deleted runs and data sets for a week, so that Undo works across restarts.
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
  runsRepo.purgeDeleted(weekAgo);
  datasetsRepo.purgeDeleted(weekAgo);
  if (interruptedAtStart) notices.push(`${interruptedAtStart} run${interruptedAtStart === 1 ? ' was' : 's were'} still in progress when ReLU Lab last stopped; ${interruptedAtStart === 1 ? 'it is' : 'they are'} marked as interrupted in the history.`);
  const pool = new JobPool(options.pool);
  const events = new EventBus();
  const runs = new RunsServiceImpl({ runs: runsRepo, datasets: datasetsRepo, experiments: experimentsRepo, pool, events });
  const services = {
    app: new AppServiceImpl(pool, { mode: options.mode, dbPath: options.dbPath, notices }),
    datasets: new DatasetsServiceImpl(datasetsRepo),
    runs,
    experiments: new ExperimentsServiceImpl(experimentsRepo, runsRepo, datasetsRepo, runs),
    reports: new ReportsServiceImpl({ runs: runsRepo, datasets: datasetsRepo, experiments: experimentsRepo, pdf: options.pdf ?? chromiumPdf }),
  };
  return {
    db,
    services,
    dispatch: createDispatcher(services),
    events,
    pool,
    interruptedAtStart,
    notices,
    async close() {
      await runs.shutdown();
      await pool.close();
      db.close();
    },
  };
}
