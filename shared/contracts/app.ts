import { z } from 'zod';

export interface AppInfo {
  appVersion: string;
  node: string;
  electron: string | null;
  mode: 'desktop' | 'browser' | 'cli';
  dbPath: string;
  platform: string;
  workers: number;
  /** Told to the user at start: a damaged database moved aside, interrupted runs. */
  notices: string[];
  /** When this launch of the services started: notices are dismissed per launch. */
  startedAt: string;
}

export interface SolverCheck {
  ok: boolean;
  solver: string;
  /** Objective of the tiny LP solved in a worker; null when the solve failed. */
  objective: number | null;
  ms: number;
  message: string;
}

export interface AppService {
  info(): Promise<AppInfo>;
  /** Solves a tiny LP with HiGHS in a worker thread: proves the solver path end to end. */
  checkSolver(): Promise<SolverCheck>;
}

export const appArgs = {
  info: z.tuple([]),
  checkSolver: z.tuple([]),
} satisfies Record<keyof AppService, z.ZodType>;
