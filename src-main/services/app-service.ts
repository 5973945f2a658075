import { availableParallelism } from 'node:os';
import type { AppInfo, AppService, SolverCheck } from '../../shared/contracts/app';
import { appVersion } from '../paths';
import type { JobPool } from '../workers/pool';

export class AppServiceImpl implements AppService {
  private check: Promise<SolverCheck> | null = null;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly pool: JobPool,
    private readonly context: { mode: AppInfo['mode']; dbPath: string; notices: string[] },
  ) {}

  async info(): Promise<AppInfo> {
    return {
      appVersion,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      mode: this.context.mode,
      dbPath: this.context.dbPath,
      platform: `${process.platform}-${process.arch}, ${availableParallelism()} cores`,
      workers: this.pool.threads,
      notices: this.context.notices,
      startedAt: this.startedAt,
    };
  }

  /** Solved once per launch: the answer does not change while the app runs. */
  checkSolver(): Promise<SolverCheck> {
    this.check ??= this.pool.solverCheck().then(
      (outcome) => ({
        ok: outcome.objective !== null && Math.abs(outcome.objective - 2.8) < 1e-9,
        solver: outcome.solver,
        objective: outcome.objective,
        ms: outcome.ms,
        message: outcome.objective !== null ? `${outcome.solver} solved the check LP in a worker (objective ${outcome.objective}).` : `The check LP ended with ${outcome.status}.`,
      }),
      (error: unknown) => {
        this.check = null;
        return { ok: false, solver: 'HiGHS', objective: null, ms: 0, message: `The solver could not be loaded in a worker: ${(error as Error).message}` };
      },
    );
    return this.check;
  }
}
