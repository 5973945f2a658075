import type { Experiment } from '../../shared/contracts/experiments';
import type { Dataset } from '../../shared/domain/dataset';
import type { RunRecord, RunSeriesPoint } from '../../shared/domain/run';

export interface ReportRun {
  record: RunRecord;
  series: Record<string, RunSeriesPoint[]>;
  /** The version of the data set the run used (null when it is gone). */
  dataset: Dataset | null;
}

export interface ReportInput {
  title: string;
  generatedAt: string;
  environment: Record<string, string>;
  experiment: Experiment | null;
  runs: ReportRun[];
}

/** The spec that runs again as is with `relulab run --spec`. */
export function specOf(run: RunRecord): Record<string, unknown> {
  return { dataset: run.dataset, datasetVersion: run.datasetVersion, method: run.method, params: run.params, name: run.name };
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'report';
}
