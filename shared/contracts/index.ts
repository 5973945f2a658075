import type { z } from 'zod';
import { appArgs, type AppService } from './app';
import { datasetsArgs, type DatasetsService } from './datasets';
import { experimentsArgs, type ExperimentsService } from './experiments';
import { runsArgs, type RunsService } from './runs';
import { reportsArgs, type ReportsService } from './reports';
import type { RunEvent } from '../domain/run';

export interface Services {
  app: AppService;
  datasets: DatasetsService;
  runs: RunsService;
  experiments: ExperimentsService;
  reports: ReportsService;
}

export type ServiceName = keyof Services;

/** Argument schemas of every method of every service: the one list both transports forward. */
export const contractArgs: { [S in ServiceName]: Record<keyof Services[S], z.ZodType> } = {
  app: appArgs,
  datasets: datasetsArgs,
  runs: runsArgs,
  experiments: experimentsArgs,
  reports: reportsArgs,
};

export function contractMethods(): { service: ServiceName; method: string }[] {
  return (Object.keys(contractArgs) as ServiceName[]).flatMap((service) =>
    Object.keys(contractArgs[service]).map((method) => ({ service, method })),
  );
}

/** Events the main side pushes to every connected client. */
export type AppEvent = RunEvent;

export const IPC_INVOKE_PREFIX = 'relulab:';
export const IPC_EVENT_CHANNEL = 'relulab:event';

export type { AppService, DatasetsService, RunsService, ExperimentsService, ReportsService };
