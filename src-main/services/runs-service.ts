import { z } from 'zod';
import { ServiceError } from '../../shared/contracts/errors';
import type { DecisionGrid, GridRequest, RunListQuery, RunPage, RunPatch, RunsService } from '../../shared/contracts/runs';
import { gridRequestSchema, runListQuerySchema } from '../../shared/contracts/runs';
import { methodCatalog, methodIds, methodParamSchemas, type MethodId } from '../../shared/domain/methods';
import { finishedStatuses, type RunRecord, type RunSpecInput, type RunSummary, runSpecSchema } from '../../shared/domain/run';
import type { MethodInfo } from '../../shared/domain/methods';
import { dataBounds, evaluateGrid } from '../engine/nn/grid';
import type { DatasetsRepo } from '../store/datasets-repo';
import type { ExperimentsRepo } from '../store/experiments-repo';
import { newId } from '../store/ids';
import type { RunsRepo } from '../store/runs-repo';
import type { JobHandle, JobPool } from '../workers/pool';
import type { EventBus } from './events';
import { currentVersions } from './versions';

const DEFAULT_JOB_TIMEOUT_MS = 30 * 60_000;
const PROGRESS_EVENT_INTERVAL_MS = 100;

interface ActiveRun {
  handle: JobHandle | null;
  done: Promise<void>;
}

function isMethod(id: string): id is MethodId {
  return (methodIds as string[]).includes(id);
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

export interface RunsDeps {
  runs: RunsRepo;
  datasets: DatasetsRepo;
  experiments: ExperimentsRepo;
  pool: JobPool;
  events: EventBus;
}

export class RunsServiceImpl implements RunsService {
  private readonly active = new Map<string, ActiveRun>();

  constructor(private readonly deps: RunsDeps) {}

  async methods(): Promise<MethodInfo[]> {
    return methodIds.map((id) => methodCatalog[id]);
  }

  /** Checks everything about a spec that can be checked without running it. Writes nothing. */
  validateSpec(input: RunSpecInput) {
    const parsedSpec = runSpecSchema.safeParse(input);
    if (!parsedSpec.success) throw new ServiceError('invalid-input', `The run spec is not valid: ${describeIssue(parsedSpec.error)}`);
    const spec = parsedSpec.data;
    if (!isMethod(spec.method)) {
      throw new ServiceError('invalid-input', `Unknown method '${spec.method}'. Available methods: ${methodIds.join(', ')}.`);
    }
    const dataset = this.deps.datasets.get(spec.dataset);
    if (!dataset) {
      const known = this.deps.datasets.list().map((d) => d.id);
      throw new ServiceError('not-found', `Unknown data set '${spec.dataset}'. Known data sets: ${known.join(', ')}.`);
    }
    const info = methodCatalog[spec.method];
    if (!info.tasks.includes(dataset.task)) {
      throw new ServiceError('invalid-input', `${info.title} does not apply to a ${dataset.task} data set such as '${dataset.name}'.`);
    }
    const params = methodParamSchemas[spec.method].safeParse(spec.params);
    if (!params.success) throw new ServiceError('invalid-input', `Invalid parameters for ${spec.method}: ${describeIssue(params.error)}`);
    if (spec.experimentId && !this.deps.experiments.get(spec.experimentId)) {
      throw new ServiceError('not-found', `Unknown experiment '${spec.experimentId}'.`);
    }
    return { spec, dataset, params: params.data as Record<string, unknown> };
  }

  async start(input: RunSpecInput): Promise<RunSummary> {
    const { spec, dataset, params } = this.validateSpec(input);
    const id = newId('r');
    const summary = this.deps.runs.insert({
      id,
      experimentId: spec.experimentId ?? null,
      dataset: { id: dataset.id, name: dataset.name, version: dataset.version },
      method: spec.method,
      name: spec.name ?? `${spec.method} on ${dataset.name}`,
      params,
      tags: spec.tags ?? [],
      notes: spec.notes ?? '',
      versions: currentVersions(),
      seed: null,
    });
    this.deps.events.emit({ type: 'run-status', runId: id, status: 'queued' });
    this.launch(id, summary.name, spec.method, params, dataset.data);
    return summary;
  }

  private launch(id: string, label: string, method: string, params: Record<string, unknown>, data: import('../../shared/domain/dataset').DatasetData): void {
    const queuedAt = performance.now();
    let startedAt: number | null = null;
    let lastEvent = 0;
    let pendingPoints: import('../../shared/domain/run').NamedPoint[] = [];
    const handle = this.deps.pool.submit(
      { runId: id, label, method, params, data },
      {
        timeoutMs: DEFAULT_JOB_TIMEOUT_MS,
        onProgress: (progress) => {
          if (startedAt === null) {
            startedAt = performance.now();
            this.deps.runs.setStatus(id, 'running');
            this.deps.events.emit({ type: 'run-status', runId: id, status: 'running' });
          }
          if (progress.points) pendingPoints.push(...progress.points);
          const now = performance.now();
          if (now - lastEvent < PROGRESS_EVENT_INTERVAL_MS && progress.fraction !== 1) return;
          lastEvent = now;
          const points = pendingPoints;
          pendingPoints = [];
          this.deps.events.emit({ type: 'run-progress', runId: id, fraction: progress.fraction, message: progress.message, elapsedMs: now - startedAt, ...(points.length ? { points } : {}) });
        },
      },
    );
    const done = handle.outcome.then((outcome) => {
      const end = performance.now();
      this.deps.runs.finish(
        id,
        {
          status: outcome.status,
          metrics: outcome.metrics,
          model: outcome.model,
          result: outcome.result,
          error: outcome.error,
          log: outcome.log,
          timings: { totalMs: end - queuedAt, queuedMs: (startedAt ?? end) - queuedAt, computeMs: outcome.computeMs },
        },
        outcome.series,
      );
      this.active.delete(id);
      this.deps.events.emit({ type: 'run-status', runId: id, status: outcome.status, ...(outcome.error ? { error: outcome.error } : {}) });
    });
    this.active.set(id, { handle, done });
  }

  /** Resolves when the run has reached a final status and is stored (the CLI waits on this). */
  async whenFinished(id: string): Promise<RunRecord> {
    await this.active.get(id)?.done;
    return this.get(id);
  }

  async list(query?: RunListQuery): Promise<RunPage> {
    return this.deps.runs.list(runListQuerySchema.parse(query ?? {}));
  }

  async get(id: string): Promise<RunRecord> {
    const run = this.deps.runs.get(id);
    if (!run) throw new ServiceError('not-found', `There is no run with id '${id}'. List runs with \`relulab runs list\`.`);
    return run;
  }

  async cancel(id: string): Promise<{ cancelled: boolean }> {
    const run = await this.get(id);
    const active = this.active.get(id);
    if (!active?.handle || finishedStatuses.includes(run.status)) return { cancelled: false };
    active.handle.cancel();
    return { cancelled: true };
  }

  async series(id: string) {
    await this.get(id);
    return this.deps.runs.series(id);
  }

  async update(id: string, patch: RunPatch): Promise<RunSummary> {
    await this.get(id);
    return this.deps.runs.update(id, patch)!;
  }

  async delete(id: string): Promise<{ deleted: boolean }> {
    if (this.active.has(id)) throw new ServiceError('conflict', 'This run is still in progress: cancel it before deleting it.');
    return { deleted: this.deps.runs.delete(id) };
  }

  async decisionGrid(id: string, request?: GridRequest): Promise<DecisionGrid> {
    const run = await this.get(id);
    if (!run.model) throw new ServiceError('invalid-input', 'This run has no model to draw.');
    const dataset = this.deps.datasets.get(run.dataset);
    if (!dataset || dataset.data.featureNames.length !== 2) {
      throw new ServiceError('invalid-input', 'A decision boundary is drawn only for data sets with two features.');
    }
    const { resolution, bounds } = gridRequestSchema.parse(request ?? {});
    const box = bounds ?? dataBounds(dataset.data.X);
    const grid = evaluateGrid(run.model, box, resolution);
    const threshold = typeof run.params.threshold === 'number' ? run.params.threshold : 0.5;
    return { resolution, bounds: box, values: Array.from(grid.values), min: grid.min, max: grid.max, level: threshold };
  }

  /** Cancels everything in flight; used when the app quits. */
  async shutdown(): Promise<void> {
    for (const run of this.active.values()) run.handle?.cancel();
    await Promise.all([...this.active.values()].map((r) => r.done));
  }
}
