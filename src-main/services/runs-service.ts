import { z } from 'zod';
import { ServiceError } from '../../shared/contracts/errors';
import type { DecisionGrid, GridRequest, RunListQuery, RunPage, RunPatch, RunsService } from '../../shared/contracts/runs';
import { gridRequestSchema, runListQuerySchema } from '../../shared/contracts/runs';
import { networkImportSchema, type NetworkImport } from '../../shared/contracts/runs';
import { NetworkImportError } from '../engine/import/errors';
import { parseJsonNetwork } from '../engine/import/network-json';
import { parseOnnxNetwork } from '../engine/import/onnx';
import { methodCatalog, methodIds, methodParamSchemas, type MethodId, type MethodParams } from '../../shared/domain/methods';
import { inputSize, type Network } from '../../shared/domain/network';
import type { DatasetData } from '../../shared/domain/dataset';
import { paramsDataMismatch } from '../../shared/domain/checks';
import { finishedStatuses, successfulStatuses, type RunMetrics, type RunRecord, type RunSpec, type RunSpecInput, type RunSummary, runSpecSchema } from '../../shared/domain/run';
import type { Dataset } from '../../shared/domain/dataset';
import { expandSweep, getPath, groupLabel, MAX_SWEEP_RUNS, summariseSweep, sweepGroup, sweepParamsSchema, type SweepParams } from '../../shared/domain/params/sweep';
import type { MethodInfo } from '../../shared/domain/methods';
import { dataBounds, evaluateGrid } from '../engine/nn/grid';
import type { DatasetsRepo } from '../store/datasets-repo';
import type { ExperimentsRepo } from '../store/experiments-repo';
import { newId } from '../store/ids';
import type { RunsRepo } from '../store/runs-repo';
import type { JobPool } from '../workers/pool';
import type { EventBus } from './events';
import { currentVersions } from './versions';

const DEFAULT_JOB_TIMEOUT_MS = 30 * 60_000;
/** A solver given a time limit gets this long beyond it to stop by itself before its thread is terminated. */
const TIME_LIMIT_GRACE_MS = 30_000;

function jobTimeoutMs(params: Record<string, unknown>): number {
  const limit = params.timeLimit;
  return typeof limit === 'number' && Number.isFinite(limit) && limit > 0 ? limit * 1000 + TIME_LIMIT_GRACE_MS : DEFAULT_JOB_TIMEOUT_MS;
}
const PROGRESS_EVENT_INTERVAL_MS = 100;
/** Weight multiplications per decision grid (about 50 ms of work). */
const GRID_BUDGET = 2e7;

interface ActiveRun {
  cancel(): void;
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
    const dataset = this.deps.datasets.get(spec.dataset, spec.datasetVersion);
    if (dataset && spec.datasetVersion === undefined && dataset.deleted) {
      throw new ServiceError('not-found', `The data set '${dataset.name}' is in the trash: restore it to run on it.`);
    }
    if (!dataset && spec.datasetVersion !== undefined && this.deps.datasets.summary(spec.dataset)) {
      throw new ServiceError('not-found', `The data set '${spec.dataset}' has no version ${spec.datasetVersion}.`);
    }
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
    const mismatch = paramsDataMismatch(spec.method, params.data, dataset.data);
    if (mismatch) throw new ServiceError('invalid-input', mismatch);
    if (spec.experimentId && !this.deps.experiments.get(spec.experimentId)) {
      throw new ServiceError('not-found', `Unknown experiment '${spec.experimentId}'.`);
    }
    const resolved = this.resolveReferences(spec.method, params.data, dataset);
    return { spec, dataset, params: params.data as Record<string, unknown>, resolved };
  }

  /** An attack names the run whose trained network it attacks: that model must exist and fit the data. */
  private resolveReferences(method: MethodId, params: unknown, dataset: Dataset): { network?: Network } {
    if (method !== 'adversarial') return {};
    const ref = (params as MethodParams<'adversarial'>).network;
    let network: Network;
    if (typeof ref === 'string') {
      const source = this.deps.runs.get(ref);
      if (!source) throw new ServiceError('not-found', `There is no run '${ref}' to take the network from: give the id of a run that trained one.`);
      if (!source.model || !(successfulStatuses as readonly string[]).includes(source.status)) {
        throw new ServiceError('invalid-input', `Run '${ref}' (${source.method}, ${source.status}) has no trained network to attack.`);
      }
      network = source.model;
    } else network = ref;
    if (network.layers.slice(0, -1).some((l) => l.activation !== 'relu')) {
      throw new ServiceError('invalid-input', 'Only ReLU networks can be attacked here: every hidden layer must use relu.');
    }
    if (inputSize(network) !== dataset.data.featureNames.length) {
      throw new ServiceError('invalid-input', `The network takes ${inputSize(network)} inputs but the data set has ${dataset.data.featureNames.length} features.`);
    }
    return { network };
  }

  async start(input: RunSpecInput): Promise<RunSummary> {
    const { spec, dataset, params, resolved } = this.validateSpec(input);
    if (spec.method === 'sweep') return this.startSweep(spec, dataset, params as SweepParams);
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
    this.launch(id, summary.name, spec.method, params, dataset.data, resolved);
    return summary;
  }

  private launch(id: string, label: string, method: string, params: Record<string, unknown>, data: DatasetData, resolved: { network?: Network } = {}): void {
    const queuedAt = performance.now();
    let startedAt: number | null = null;
    let lastEvent = 0;
    let pendingPoints: import('../../shared/domain/run').NamedPoint[] = [];
    const handle = this.deps.pool.submit(
      { runId: id, label, method, params, data, resolved },
      {
        timeoutMs: jobTimeoutMs(params),
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
    const done = handle.outcome.then(async (outcome) => {
      const end = performance.now();
      await this.persist(id, () => this.deps.runs.finish(
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
      ));
      this.active.delete(id);
      this.deps.events.emit({ type: 'run-status', runId: id, status: outcome.status, ...(outcome.error ? { error: outcome.error } : {}) });
    });
    this.active.set(id, { cancel: () => handle.cancel(), done });
  }

  /**
   * A sweep is a parent run whose children are ordinary runs of another method, spread over the
   * pool. Every child spec is validated before anything is stored.
   */
  private startSweep(spec: RunSpec, dataset: Dataset, sweep: SweepParams): RunSummary {
    if (sweep.method === 'sweep') throw new ServiceError('invalid-input', 'A sweep cannot sweep sweeps.');
    const children = expandSweep(sweep);
    if (children.length > MAX_SWEEP_RUNS) {
      throw new ServiceError('invalid-input', `This sweep would make ${children.length} runs; the limit is ${MAX_SWEEP_RUNS}. Use fewer seeds or grid values.`);
    }
    const validated = children.map((child, i) => {
      try {
        const checked = this.validateSpec({ dataset: spec.dataset, ...(spec.datasetVersion ? { datasetVersion: spec.datasetVersion } : {}), method: sweep.method, params: child.params });
        return { ...child, params: checked.params, resolved: checked.resolved };
      } catch (error) {
        throw new ServiceError('invalid-input', `Sweep run ${i + 1} (${groupLabel(child.group)}${child.seed === null ? '' : `, seed ${child.seed}`}): ${(error as Error).message}`);
      }
    });
    const parentId = newId('r');
    const base = {
      experimentId: spec.experimentId ?? null,
      dataset: { id: dataset.id, name: dataset.name, version: dataset.version },
      tags: spec.tags ?? [],
      notes: '',
      versions: currentVersions(),
    };
    const childIds: string[] = [];
    const parent = this.deps.runs.transaction(() => {
      const summary = this.deps.runs.insert({ ...base, id: parentId, method: 'sweep', name: spec.name ?? `sweep of ${sweep.method} on ${dataset.name} (${validated.length} runs)`, params: sweep as unknown as Record<string, unknown>, notes: spec.notes ?? '', seed: null, status: 'running' });
      validated.forEach((child, i) => {
        const id = newId('r');
        childIds.push(id);
        const label = [groupLabel(child.group), child.seed === null ? '' : `seed ${child.seed}`].filter((t) => t && t !== 'all runs').join(', ');
        this.deps.runs.insert({ ...base, id, parentId, method: sweep.method, name: `${sweep.method} #${i + 1}${label ? ` (${label})` : ''}`, params: child.params, seed: child.seed });
      });
      return summary;
    });
    this.superviseSweep(
      parentId,
      sweep,
      validated.map((child, i) => ({ id: childIds[i]!, params: child.params, group: child.group, resolved: child.resolved })),
      dataset.data,
      new Set(childIds),
    );
    return parent;
  }

  /**
   * Launches the given members of a sweep (those in `toLaunch`; the others are already finished),
   * and when all are done stores the aggregates on the parent run.
   */
  private superviseSweep(parentId: string, sweep: SweepParams, members: { id: string; params: Record<string, unknown>; group: Record<string, unknown>; resolved?: { network?: Network } }[], data: DatasetData, toLaunch: Set<string>): void {
    this.deps.events.emit({ type: 'run-status', runId: parentId, status: 'running' });
    const started = performance.now();
    let finished = members.length - toLaunch.size;
    const childDone = members.map((child, i) => {
      if (!toLaunch.has(child.id)) return Promise.resolve();
      this.launch(child.id, `${sweep.method} #${i + 1}`, sweep.method, child.params, data, child.resolved);
      return this.active.get(child.id)!.done.then(() => {
        finished++;
        this.deps.events.emit({ type: 'run-progress', runId: parentId, fraction: finished / members.length, message: `${finished} of ${members.length} runs finished`, elapsedMs: performance.now() - started });
      });
    });
    const childIds = members.map((m) => m.id);
    const done = Promise.all(childDone).then(async () => {
      const outcomes = members.map((member) => {
        const run = this.deps.runs.summary(member.id)!;
        return { group: sweepGroup(member.group, sweep), status: run.status, metrics: run.metrics };
      });
      const summary = summariseSweep(outcomes, sweep.stuckBelowAccuracy);
      const cancelled = outcomes.some((o) => o.status === 'cancelled');
      const status = cancelled ? 'cancelled' : summary.completed === 0 ? 'failed' : 'completed';
      const all = summary.groups.length === 1 ? summary.groups[0]! : null;
      const stuck = summary.groups.reduce((n, g) => n + g.stuck, 0);
      const judged = summary.groups.reduce((n, g) => n + g.finished, 0) + outcomes.filter((o) => o.status === 'diverged').length;
      const metrics: RunMetrics = { runs: summary.total, completed: summary.completed, stuck, stuckShare: judged ? stuck / judged : 0 };
      if (all?.metrics.accuracy) metrics.accuracy = all.metrics.accuracy.mean;
      if (all?.metrics.loss) metrics.loss = all.metrics.loss.median;
      const ms = performance.now() - started;
      await this.persist(parentId, () =>
        this.deps.runs.finish(parentId, {
          status,
          metrics,
          result: { details: { sweep: summary, children: childIds } },
          error: status === 'failed' ? 'No run of the sweep completed.' : cancelled ? 'Cancelled by the user: resume it to finish the remaining runs.' : null,
          timings: { totalMs: ms, computeMs: ms },
        }),
      );
      this.active.delete(parentId);
      this.deps.events.emit({ type: 'run-status', runId: parentId, status });
    });
    this.active.set(parentId, { cancel: () => childIds.forEach((id) => this.active.get(id)?.cancel()), done });
  }

  /**
   * Finishes an interrupted or cancelled sweep (a batch of attacks, a seed study): members that
   * already ended well are kept, the others run again under their own ids.
   */
  async resume(id: string): Promise<RunSummary> {
    const parent = await this.get(id);
    if (parent.method !== 'sweep') throw new ServiceError('invalid-input', 'Only sweeps can be resumed; re-run other runs.');
    if (this.active.has(id)) throw new ServiceError('conflict', 'This sweep is still running.');
    const sweep = sweepParamsSchema.parse(parent.params);
    const children = this.deps.runs.list({ limit: MAX_SWEEP_RUNS, offset: 0, parentId: id, archived: 'include' }).runs;
    const dataset = this.deps.datasets.get(parent.dataset, parent.datasetVersion);
    if (!dataset) throw new ServiceError('not-found', `The data (version ${parent.datasetVersion} of '${parent.dataset}') is no longer stored.`);
    const members = children.map((child) => {
      const record = this.deps.runs.get(child.id)!;
      const checked = this.validateSpec({ dataset: parent.dataset, datasetVersion: parent.datasetVersion, method: sweep.method, params: record.params });
      return { id: child.id, params: checked.params, group: Object.fromEntries(Object.keys(sweep.grid).map((path) => [path, getPath(record.params, path)])), resolved: checked.resolved, status: child.status };
    });
    const toLaunch = new Set(members.filter((m) => !(successfulStatuses as readonly string[]).includes(m.status)).map((m) => m.id));
    this.deps.runs.transaction(() => {
      this.deps.runs.setStatus(id, 'running');
      for (const childId of toLaunch) this.deps.runs.setStatus(childId, 'queued');
    });
    this.superviseSweep(id, sweep, members, dataset.data, toLaunch);
    return this.deps.runs.summary(id)!;
  }

  /**
   * A finished run must reach the disk even if another program holds the write lock for a while:
   * retry with a growing pause; if the database stays locked, say so rather than crash.
   */
  private async persist(id: string, write: () => void): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        write();
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || attempt >= 12) {
          process.stderr.write(`relulab: the result of run ${id} could not be stored: ${(error as Error).message}\n`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** Math.min(attempt, 4)));
      }
    }
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
    if (!active || finishedStatuses.includes(run.status)) return { cancelled: false };
    active.cancel();
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
    await this.get(id);
    if (this.active.has(id)) throw new ServiceError('conflict', 'This run is still in progress: cancel it before deleting it.');
    return { deleted: this.deps.runs.setDeleted(id, true) };
  }

  async restore(id: string): Promise<RunSummary> {
    await this.get(id);
    this.deps.runs.setDeleted(id, false);
    return this.deps.runs.summary(id)!;
  }

  async exportModel(id: string, format: 'lp' | 'mps') {
    const run = await this.get(id);
    if (run.method !== 'milp-train') throw new ServiceError('invalid-input', `A ${run.method} run has no optimisation model to export; milp-train runs do.`);
    const dataset = this.deps.datasets.get(run.dataset, run.datasetVersion);
    if (!dataset) throw new ServiceError('not-found', `The data (version ${run.datasetVersion} of '${run.dataset}') is no longer stored.`);
    const text = await this.deps.pool.exportModel({ method: run.method, params: run.params, data: dataset.data, format });
    return { fileName: `${run.id}.${format}`, mediaType: 'text/plain', text };
  }

  async tags(): Promise<{ tag: string; count: number }[]> {
    return this.deps.runs.tags();
  }

  async rerun(id: string): Promise<RunSummary> {
    const run = await this.get(id);
    return this.start({
      dataset: run.dataset,
      datasetVersion: run.datasetVersion,
      method: run.method,
      params: run.params,
      name: `${run.name} (re-run)`,
      ...(run.experimentId ? { experimentId: run.experimentId } : {}),
      tags: run.tags,
    });
  }

  async decisionGrid(id: string, request?: GridRequest): Promise<DecisionGrid> {
    const run = await this.get(id);
    // An attack on an inline network draws that network.
    const model = run.model ?? (run.method === 'adversarial' && typeof run.params.network === 'object' ? (run.params.network as Network) : null);
    if (!model) throw new ServiceError('invalid-input', 'This run has no model to draw.');
    const dataset = this.deps.datasets.get(run.dataset, run.datasetVersion);
    if (!dataset || dataset.data.featureNames.length !== 2) {
      throw new ServiceError('invalid-input', 'A decision boundary is drawn only for data sets with two features.');
    }
    const { resolution: asked, bounds } = gridRequestSchema.parse(request ?? {});
    // The grid is evaluated on the main process: cap its cost so a huge net cannot stall it.
    const weights = model.layers.reduce((n, l) => n + l.W.length * (l.W[0]?.length ?? 0), 0);
    const resolution = Math.max(20, Math.min(asked, Math.floor(Math.sqrt(GRID_BUDGET / Math.max(1, weights)))));
    const box = bounds ?? dataBounds(dataset.data.X);
    const grid = evaluateGrid(model, box, resolution);
    const threshold = typeof run.params.threshold === 'number' ? run.params.threshold : 0.5;
    return { resolution, bounds: box, values: Array.from(grid.values), min: grid.min, max: grid.max, level: threshold };
  }

  /**
   * A trained network from a file (ONNX or JSON weights) becomes a finished `evaluate` run on the
   * data set, which `adversarial` can then name as its `network`. Nothing is stored unless the
   * file parses and fits the data set.
   */
  async importNetwork(input: NetworkImport): Promise<RunSummary> {
    const parsed = networkImportSchema.safeParse(input);
    if (!parsed.success) throw new ServiceError('invalid-input', `The network import is not valid: ${describeIssue(parsed.error)}`);
    const { dataset, fileName, format, base64, name } = parsed.data;
    let network: Network;
    try {
      // The size limit was enforced on the base64 text above, before decoding.
      const bytes = Buffer.from(base64, 'base64');
      network = format === 'onnx' ? parseOnnxNetwork(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)) : parseJsonNetwork(bytes.toString('utf8'));
    } catch (error) {
      if (error instanceof NetworkImportError) throw new ServiceError('invalid-input', `${fileName}: ${error.message}`);
      throw error;
    }
    const spec = { dataset, method: 'evaluate', params: { network }, name: name ?? `${fileName} (imported)`, tags: ['imported'] };
    try {
      // Checks the data set exists and that its features match the network's inputs.
      this.validateSpec(spec);
    } catch (error) {
      if (error instanceof ServiceError) throw new ServiceError(error.code, `${fileName}: ${error.message}`);
      throw error;
    }
    const started = await this.start(spec);
    await this.whenFinished(started.id);
    return this.deps.runs.summary(started.id)!;
  }

  /** Cancels everything in flight; used when the app quits. */
  async shutdown(): Promise<void> {
    for (const run of this.active.values()) run.cancel();
    await Promise.all([...this.active.values()].map((r) => r.done));
  }
}
